import { NO_ESTIMATE, type Estimate } from './estimate.js';
import { twoSidedZ } from './two-sided-z.js';

/**
 * Normal interval of a mean from its values (used for the Brier score, a mean of squared
 * errors), clamped to [lo, hi]. Pure; {@link NO_ESTIMATE} for no values.
 */
export function meanInterval(values: readonly number[], level = 0.95, lo = 0, hi = 1): Estimate {
  const n = values.length;
  if (n === 0) return NO_ESTIMATE;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = (twoSidedZ(level) * sd) / Math.sqrt(n);
  return { value: mean, lower: Math.max(lo, mean - half), upper: Math.min(hi, mean + half) };
}
