/** A numerically ascending copy of a sample (never mutates its input). Pure. */
export function sortAscending(sample: ArrayLike<number>): number[] {
  // Float64Array sorts numerically (Array#sort would compare as strings).
  return Array.from(Float64Array.from(sample).sort());
}
