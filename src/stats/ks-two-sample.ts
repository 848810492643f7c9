import { kolmogorovSf } from './kolmogorov-sf.js';

/** A two-sample Kolmogorov–Smirnov result: D = sup |F₁ − F₂| and its asymptotic p-value. */
export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * Two-sample KS test of two ascending samples (ties handled by stepping over equal values
 * together). The p-value uses the Kolmogorov limit with Stephens' small-sample correction;
 * with heavily tied (discrete) data it is conservative. NaN for an empty sample.
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(a[i], b[j]);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const ne = Math.sqrt((n * m) / (n + m));
  return { statistic: d, pValue: kolmogorovSf((ne + 0.12 + 0.11 / ne) * d) };
}
