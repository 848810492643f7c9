import { upperGammaQ } from './upper-gamma-q.js';

/** P(χ²_df > x): the upper tail of the chi-square distribution. Pure; NaN for df ≤ 0. */
export function chiSquareSf(x: number, df: number): number {
  return df <= 0 ? Number.NaN : upperGammaQ(df / 2, x / 2);
}
