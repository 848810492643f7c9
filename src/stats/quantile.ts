/**
 * The q-quantile (0 ≤ q ≤ 1, clamped) of an ASCENDING-sorted sample, interpolating linearly
 * between order statistics (Hyndman–Fan type 7, the default of R and NumPy). The one quantile
 * convention of riskgate: latency percentiles, PSI cut points and bootstrap intervals all use
 * it. Pure; NaN for an empty sample. Sort first with {@link sortAscending}.
 */
export function quantile(sortedAscending: ArrayLike<number>, q: number): number {
  const n = sortedAscending.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.min(n - 1, lower + 1);
  const weight = position - lower;
  // a + w·(b − a) rather than a·(1 − w) + b·w: exact when a = b, so a flat run stays flat.
  return sortedAscending[lower] + weight * (sortedAscending[upper] - sortedAscending[lower]);
}
