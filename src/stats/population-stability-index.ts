/** Additive smoothing per bin, so an empty bin on one side gives a finite PSI (Laplace's ½). */
export const PSI_SMOOTHING = 0.5;

/**
 * Population stability index Σ (qₖ − pₖ)·ln(qₖ / pₖ) between reference counts `expected` and
 * live counts `actual` over the same bins, each share smoothed as (c + α)/(n + α·k). Rule of
 * thumb: < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 major shift. NaN when a side is empty. Pure.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], smoothing = PSI_SMOOTHING): number {
  const k = expected.length;
  const ne = expected.reduce((s, v) => s + v, 0);
  const na = actual.reduce((s, v) => s + v, 0);
  if (ne === 0 || na === 0) return Number.NaN;
  let psi = 0;
  for (let i = 0; i < k; i++) {
    const p = (expected[i] + smoothing) / (ne + smoothing * k);
    const q = (actual[i] + smoothing) / (na + smoothing * k);
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}
