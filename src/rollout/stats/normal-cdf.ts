/**
 * Standard normal cumulative distribution Φ(z), accurate to about 1e-7 everywhere.
 * Pure; returns NaN for NaN and 0/1 at ∓Infinity.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  // Φ(z) = erfc(-z/√2)/2; erfc by the Chebyshev fit of Numerical Recipes (erfcc), whose
  // fractional error stays below 1.2e-7 — ample for p-values compared with 0.02.
  const x = -z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const poly =
    -x * x - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfcAbs = t * Math.exp(poly);
  const erfc = x >= 0 ? erfcAbs : 2 - erfcAbs;
  return erfc / 2;
}
