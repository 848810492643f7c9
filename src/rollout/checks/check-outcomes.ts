import type { ArmObservation } from '../arm-observation.js';
import type { JudgeLimits } from '../judge-limits.js';
import { compareAucUnpaired } from '../../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatNumber } from './format.js';

/**
 * Outcomes fed back for the candidate's predictions (one per patient, see onePerPatient): fail if accuracy at the threshold is
 * below the bound, or if the candidate's AUC is significantly below the baseline's on the
 * same period (unpaired DeLong test); not-yet below the minimum of labelled predictions.
 * The AUC comparison runs only when each arm has the minimum of each class. Pure.
 */
export function checkOutcomes(candidate: ArmObservation, baseline: ArmObservation, limits: JudgeLimits['outcomes']): CheckResult {
  const threshold = candidate.threshold ?? limits.defaultThreshold;
  const labelled = candidate.outcomes.length;
  let correct = 0;
  for (const o of candidate.outcomes) if ((o.probability >= threshold ? 1 : 0) === o.outcome) correct++;
  const accuracy = labelled > 0 ? correct / labelled : Number.NaN;
  const hasClasses = (arm: ArmObservation) => {
    const positives = arm.outcomes.filter((o) => o.outcome === 1).length;
    return positives >= limits.minPerClass && arm.outcomes.length - positives >= limits.minPerClass;
  };
  const comparable = labelled >= limits.minLabelled && hasClasses(candidate) && hasClasses(baseline);
  const comparison = comparable ? compareAucUnpaired(candidate.outcomes, baseline.outcomes) : undefined;
  const numbers = {
    accuracy: finiteOrNull(accuracy), labelled, baselineLabelled: baseline.outcomes.length, threshold,
    auc: comparison ? finiteOrNull(comparison.a.auc) : null, baselineAuc: comparison ? finiteOrNull(comparison.b.auc) : null,
    pValue: comparison ? finiteOrNull(comparison.pValueBelow) : null, minAccuracy: limits.minAccuracy,
  };
  if (labelled < limits.minLabelled) {
    return { name: 'outcomes', status: 'not-yet', numbers, sentence: `Outcomes: ${labelled} of ${limits.minLabelled} labelled predictions needed so far.` };
  }
  const described = `Accuracy ${formatNumber(accuracy)} on ${labelled} labelled predictions`;
  if (accuracy < limits.minAccuracy) {
    return { name: 'outcomes', status: 'fail', numbers, sentence: `${described}: below the ${limits.minAccuracy} limit.` };
  }
  if (comparison && comparison.pValueBelow < 1 - limits.confidence) {
    return { name: 'outcomes', status: 'fail', numbers, sentence: `${described}, but AUC ${formatNumber(comparison.a.auc)} is significantly below baseline's ${formatNumber(comparison.b.auc)} (p = ${formatNumber(comparison.pValueBelow)}).` };
  }
  const relative = comparison
    ? `; AUC ${formatNumber(comparison.a.auc)} vs baseline ${formatNumber(comparison.b.auc)}, not significantly lower`
    : '; too few of each outcome to compare AUCs';
  return { name: 'outcomes', status: 'pass', numbers, sentence: `${described}${relative}.` };
}
