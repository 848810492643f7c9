import { normalQuantile } from './special-functions.js';

/** A point estimate with a two-sided confidence interval; all null when undefined (no data, one class). */
export interface Estimate {
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The undefined estimate. */
export const NO_ESTIMATE: Estimate = Object.freeze({ value: null, lower: null, upper: null });

/** z of a two-sided interval at `level` (1.96 at 0.95). */
export function zFor(level: number): number {
  return normalQuantile((1 - level) / 2);
}

/**
 * Wilson score interval of a proportion `successes / n`: stays inside [0, 1] and keeps its
 * coverage at small n and near 0 or 1, where the normal (Wald) interval does not.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Estimate {
  if (n <= 0) return NO_ESTIMATE;
  const z = zFor(level);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { value: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Interval of an AUC by Hanley & McNeil's (1982) standard error, from the AUC and the class
 * sizes alone; deterministic and O(1), good enough for monitoring trends. Clamped to [0, 1].
 */
export function hanleyMcNeilInterval(auc: number, positives: number, negatives: number, level = 0.95): Estimate {
  if (!Number.isFinite(auc) || positives === 0 || negatives === 0) return NO_ESTIMATE;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  const half = zFor(level) * Math.sqrt(Math.max(0, variance));
  return { value: auc, lower: Math.max(0, auc - half), upper: Math.min(1, auc + half) };
}

/** Normal interval of a mean from its values (used for the Brier score, a mean of squared errors), clamped to [lo, hi]. */
export function meanInterval(values: readonly number[], level = 0.95, lo = 0, hi = 1): Estimate {
  const n = values.length;
  if (n === 0) return NO_ESTIMATE;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  const half = (zFor(level) * sd) / Math.sqrt(n);
  return { value: mean, lower: Math.max(lo, mean - half), upper: Math.min(hi, mean + half) };
}
