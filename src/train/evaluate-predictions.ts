import { computeAuc } from '../stats/index.js';
import { computeCalibration } from './calibration.js';
import { computeConfusion } from './confusion.js';

/**
 * Every quality metric of binary predictions. Threshold-dependent ones (accuracy…f1) use
 * `threshold`; undefined values (e.g. PPV with no positive calls, AUC with one class) are NaN.
 */
export interface Metrics {
  readonly n: number;
  readonly prevalence: number;
  readonly auc: number;
  readonly threshold: number;
  readonly accuracy: number;
  readonly sensitivity: number;
  readonly specificity: number;
  readonly ppv: number;
  readonly npv: number;
  readonly f1: number;
  readonly brier: number;
  readonly calibrationSlope: number;
  readonly calibrationIntercept: number;
  readonly ece: number;
}

/** Names of the metrics, in report order (a runtime list and the union of {@link Metrics} keys). */
export const METRIC_NAMES = [
  'n', 'prevalence', 'auc', 'threshold', 'accuracy', 'sensitivity', 'specificity', 'ppv', 'npv', 'f1',
  'brier', 'calibrationSlope', 'calibrationIntercept', 'ece',
] as const satisfies readonly (keyof Metrics)[];

/** All metrics of probabilities `prob` against 0/1 outcomes `y`, calling p ≥ threshold positive. */
export function evaluatePredictions(y: ArrayLike<number>, prob: ArrayLike<number>, threshold = 0.5): Metrics {
  const c = computeConfusion(y, prob, threshold);
  const cal = computeCalibration(y, prob);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  return {
    n: y.length,
    prevalence: y.length ? positives / y.length : Number.NaN,
    auc: computeAuc(y, prob),
    threshold,
    accuracy: c.accuracy,
    sensitivity: c.sensitivity,
    specificity: c.specificity,
    ppv: c.ppv,
    npv: c.npv,
    f1: c.f1,
    brier: cal.brier,
    calibrationSlope: cal.slope,
    calibrationIntercept: cal.intercept,
    ece: cal.ece,
  };
}
