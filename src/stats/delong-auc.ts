import { covariance, delongComponents, interval95 } from './delong-components.js';

/** An AUC with its DeLong standard error and 95 % interval (clipped to [0, 1]). */
export interface AucEstimate {
  readonly auc: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

/**
 * The AUC of `scores` against 0/1 labels `y` with its DeLong (1988) standard error and 95 %
 * interval, in O(n log n). Pure; throws RangeError when a class is absent.
 */
export function delongAuc(y: ArrayLike<number>, scores: ArrayLike<number>): AucEstimate {
  const c = delongComponents(y, scores);
  const variance = covariance(c.v10, c.v10) / c.v10.length + covariance(c.v01, c.v01) / c.v01.length;
  const se = Math.sqrt(Math.max(variance, 0));
  return { auc: c.auc, se, ci95: interval95(c.auc, se, 0, 1) };
}
