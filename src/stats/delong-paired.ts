import type { AucEstimate } from './delong-auc.js';
import { covariance, delongComponents, interval95 } from './delong-components.js';

/** The paired comparison of two models' AUCs on the same rows: difference = a − b. */
export interface PairedAucComparison {
  readonly a: AucEstimate;
  readonly b: AucEstimate;
  readonly difference: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

/**
 * Compares the AUCs of two score vectors on the same rows by DeLong's method, accounting for
 * their correlation (whether a candidate is worse than production beyond noise). The interval
 * is for a − b, clipped to [−1, 1]. Pure; throws RangeError when a class is absent.
 */
export function delongPaired(y: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>): PairedAucComparison {
  const ca = delongComponents(y, a);
  const cb = delongComponents(y, b);
  const m = ca.v10.length;
  const n = ca.v01.length;
  const s = (p: Float64Array, q: Float64Array, k: number): number => covariance(p, q) / k;
  const vaa = s(ca.v10, ca.v10, m) + s(ca.v01, ca.v01, n);
  const vbb = s(cb.v10, cb.v10, m) + s(cb.v01, cb.v01, n);
  const vab = s(ca.v10, cb.v10, m) + s(ca.v01, cb.v01, n);
  const seA = Math.sqrt(Math.max(vaa, 0));
  const seB = Math.sqrt(Math.max(vbb, 0));
  const se = Math.sqrt(Math.max(vaa + vbb - 2 * vab, 0));
  const difference = ca.auc - cb.auc;
  return {
    a: { auc: ca.auc, se: seA, ci95: interval95(ca.auc, seA, 0, 1) },
    b: { auc: cb.auc, se: seB, ci95: interval95(cb.auc, seB, 0, 1) },
    difference,
    se,
    ci95: interval95(difference, se, -1, 1),
  };
}
