/**
 * The q-quantile (0 ≤ q ≤ 1) of an ascending-sorted sample, interpolating linearly between
 * order statistics (type 7, the default of R and NumPy). NaN for an empty sample.
 */
export function quantile(sortedAscending: readonly number[], q: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const weight = position - lower;
  return sortedAscending[lower] * (1 - weight) + sortedAscending[upper] * weight;
}

/** A sorted copy of a sample (never mutates its input). */
export function sortAscending(sample: readonly number[]): number[] {
  // Float64Array sorts numerically (Array#sort would compare as strings).
  return Array.from(Float64Array.from(sample).sort());
}
