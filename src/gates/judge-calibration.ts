import type { ModelEvaluation } from '../registry/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** Calibration: Brier ≤ brier_max and the calibration slope within [slope_min, slope_max]. */
export function judgeCalibration(ev: ModelEvaluation, t: GateThresholds): GateResult {
  const { brier, slope, intercept } = ev.calibration;
  const brierOk = brier <= t.brier_max;
  const slopeOk = slope !== null && slope >= t.calibration_slope_min && slope <= t.calibration_slope_max;
  const problems = [
    ...(brierOk ? [] : [`the Brier score ${fmt(brier)} is above ${t.brier_max}`]),
    ...(slopeOk ? [] : [`the calibration slope ${fmt(slope, 2)} is outside [${t.calibration_slope_min}, ${t.calibration_slope_max}] (${slope !== null && slope < t.calibration_slope_min ? 'predictions too extreme' : 'predictions too timid'})`]),
  ];
  return {
    gate: 'calibration', status: problems.length ? 'fail' : 'pass', value: brier, ci95: null, display: `Brier ${fmt(brier)}, slope ${fmt(slope, 2)}`,
    threshold: `Brier ≤ ${t.brier_max}; slope in [${t.calibration_slope_min}, ${t.calibration_slope_max}]`,
    sentence: problems.length
      ? `Predicted risks do not match observed frequencies: ${problems.join('; ')}.`
      : `Predicted risks match observed frequencies: Brier score ${fmt(brier)}, calibration slope ${fmt(slope, 2)}, intercept ${fmt(intercept, 2)}.`,
    details: { brier, slope, intercept, ece: ev.calibration.ece },
  };
}
