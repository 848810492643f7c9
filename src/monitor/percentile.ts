/**
 * The q-quantile (0 ≤ q ≤ 1) of `sorted` (ascending) by linear interpolation between order
 * statistics (Hyndman–Fan type 7, as numpy's default); NaN for an empty input.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
