import { normalQuantile } from './normal-quantile.js';

/** The z of a two-sided normal interval at confidence `level` (1.959964 at 0.95). Pure. */
export function twoSidedZ(level: number): number {
  return normalQuantile((1 + level) / 2);
}
