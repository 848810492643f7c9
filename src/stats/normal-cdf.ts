/**
 * erfc(x) for x ≥ 0 by the Chebyshev fit of Numerical Recipes (erfcc): fractional error below
 * 1.2e-7 everywhere, ample for p-values compared with thresholds such as 0.02.
 */
function erfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/**
 * Standard normal cumulative distribution Φ(z) = P(Z ≤ z), accurate to about 1e-7.
 * Pure; NaN for NaN, 0 and 1 at ∓Infinity.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  // Φ(z) = erfc(−z/√2)/2; the tail is computed directly on each side, never as 1 − (≈1).
  const half = erfcNonNegative(Math.abs(z) / Math.SQRT2) / 2;
  return z <= 0 ? half : 1 - half;
}
