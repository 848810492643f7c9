import { normalCdf } from './normal-cdf.js';

/**
 * Standard normal survival function P(Z > z) = Φ(−z): the one-sided upper-tail p-value of a
 * z statistic, computed without the cancellation of 1 − Φ(z) for large z. Pure; NaN for NaN.
 */
export function normalSf(z: number): number {
  return normalCdf(-z);
}
