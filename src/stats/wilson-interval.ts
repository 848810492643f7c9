import { NO_ESTIMATE, type Estimate } from './estimate.js';
import { twoSidedZ } from './two-sided-z.js';

/**
 * Wilson score interval of a proportion `successes / n` at confidence `level`: stays inside
 * [0, 1] and keeps its coverage at small n and near 0 or 1, where the normal (Wald) interval
 * does not. Pure; {@link NO_ESTIMATE} when n ≤ 0.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Estimate {
  if (n <= 0) return NO_ESTIMATE;
  const z = twoSidedZ(level);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { value: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
