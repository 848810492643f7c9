import { NO_ESTIMATE, type Estimate } from './estimate.js';
import { twoSidedZ } from './two-sided-z.js';

/**
 * Interval of an AUC by Hanley & McNeil's (1982) standard error, from the AUC and the class
 * sizes alone; deterministic and O(1), good enough for monitoring trends (use DeLong when the
 * scores are at hand). Clamped to [0, 1]. Pure; {@link NO_ESTIMATE} without both classes.
 */
export function hanleyMcNeilInterval(auc: number, positives: number, negatives: number, level = 0.95): Estimate {
  if (!Number.isFinite(auc) || positives === 0 || negatives === 0) return NO_ESTIMATE;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  const half = twoSidedZ(level) * Math.sqrt(Math.max(0, variance));
  return { value: auc, lower: Math.max(0, auc - half), upper: Math.min(1, auc + half) };
}
