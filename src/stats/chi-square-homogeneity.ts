import { chiSquareSf } from './chi-square-sf.js';

/** A χ² test of homogeneity result, with Cramér's V as its effect size. */
export interface ChiSquareResult {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** √(χ² / N) for two samples: 0 identical, 1 disjoint. */
  readonly cramersV: number;
}

/**
 * χ² test that two samples, given as counts over the same categories, come from one
 * distribution (2 × k table). Categories empty in both samples are dropped; with fewer than
 * two left the test is uninformative (statistic 0, p = 1). NaN when a sample is empty.
 */
export function chiSquareHomogeneity(a: readonly number[], b: readonly number[]): ChiSquareResult {
  const na = a.reduce((s, v) => s + v, 0);
  const nb = b.reduce((s, v) => s + v, 0);
  if (na === 0 || nb === 0) return { statistic: Number.NaN, df: 0, pValue: Number.NaN, cramersV: Number.NaN };
  const n = na + nb;
  let stat = 0;
  let cols = 0;
  for (let k = 0; k < a.length; k++) {
    const col = a[k] + b[k];
    if (col === 0) continue;
    cols++;
    const ea = (na * col) / n;
    const eb = (nb * col) / n;
    stat += (a[k] - ea) ** 2 / ea + (b[k] - eb) ** 2 / eb;
  }
  const df = cols - 1;
  if (df < 1) return { statistic: 0, df: 0, pValue: 1, cramersV: 0 };
  return { statistic: stat, df, pValue: chiSquareSf(stat, df), cramersV: Math.sqrt(stat / n) };
}
