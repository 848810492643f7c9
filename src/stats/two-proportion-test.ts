import { normalSf } from './normal-sf.js';

/** Result of a one-sided two-proportion z-test of H1: p1 > p2. */
export interface TwoProportionResult {
  readonly p1: number;
  readonly p2: number;
  /** z statistic with the pooled standard error; 0 when it is undefined (no events at all). */
  readonly z: number;
  /** One-sided p-value for "proportion 1 is greater than proportion 2". */
  readonly pValue: number;
}

/**
 * One-sided two-proportion z-test (pooled variance) that x1/n1 exceeds x2/n2.
 * Pure; with n1 or n2 of 0, or no events in either group, returns z = 0 and p-value 1
 * (no evidence), never NaN.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult {
  const p1 = n1 > 0 ? x1 / n1 : 0;
  const p2 = n2 > 0 ? x2 / n2 : 0;
  if (n1 <= 0 || n2 <= 0) return { p1, p2, z: 0, pValue: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { p1, p2, z: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { p1, p2, z, pValue: normalSf(z) };
}
