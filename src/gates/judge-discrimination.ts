import type { ModelEvaluation } from '../registry/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/**
 * Discrimination: AUC on the validation set ≥ auc_min (point estimate; the DeLong interval is
 * reported). `overlap` says when the training data included validation rows.
 */
export function judgeDiscrimination(ev: ModelEvaluation, t: GateThresholds, overlap: string | null = null): GateResult {
  const { auc, ci95 } = ev.auc;
  const ok = auc >= t.auc_min;
  const result: GateResult = {
    gate: 'discrimination', status: ok ? 'pass' : 'fail', value: auc, ci95, threshold: `AUC ≥ ${t.auc_min}`,
    sentence: ok
      ? `The model ranks a patient with disease above one without in ${fmt(auc * 100, 1)} % of pairs (AUC ${fmt(auc)}, 95 % CI ${fmt(ci95[0])}–${fmt(ci95[1])}), at least the required ${t.auc_min}.`
      : `The AUC is ${fmt(auc)} (95 % CI ${fmt(ci95[0])}–${fmt(ci95[1])}), below the required ${t.auc_min}: the model separates patients with and without disease too poorly.`,
    details: { n: ev.validationSet.n, positives: ev.validationSet.positives, se: ev.auc.se, trainingOverlap: overlap },
  };
  // An overlap does not fail the gate (the rows are what they are) but the reader must know.
  return overlap ? { ...result, sentence: `${result.sentence} ${overlap}` } : result;
}
