import type { PairedAucComparison } from '../stats/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** What the candidate is compared with. */
export type ProductionComparison =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'paired'; readonly production: string; readonly comparison: PairedAucComparison };

/**
 * Not worse than production: the AUC difference (candidate − production) on the same rows,
 * with a paired DeLong interval. Fails only when the whole interval lies below −auc_max_drop
 * (the drop is real, not noise); warns when the estimate does but the interval does not.
 */
export function judgeNonInferiority(c: ProductionComparison, t: GateThresholds): GateResult {
  const threshold = `AUC − production AUC ≥ −${t.auc_max_drop} (paired DeLong)`;
  if (c.kind === 'none') return { gate: 'non-inferiority', status: 'pass', value: null, ci95: null, threshold, sentence: `Nothing to compare with: ${c.reason}.`, details: {} };
  const { difference: d, ci95 } = c.comparison;
  const limit = -t.auc_max_drop;
  const status = ci95[1] < limit ? 'fail' : d < limit ? 'warn' : 'pass';
  const vs = `${fmt(c.comparison.a.auc)} against production ${c.production}'s ${fmt(c.comparison.b.auc)} on the same patients`;
  const sentence = status === 'fail'
    ? `The AUC is ${vs}: worse by ${fmt(-d)} (95 % CI of the difference ${fmt(ci95[0])} to ${fmt(ci95[1])}), beyond the allowed ${t.auc_max_drop} even allowing for noise.`
    : status === 'warn'
      ? `The AUC is ${vs}: lower by ${fmt(-d)}, more than ${t.auc_max_drop}, but the 95 % CI of the difference (${fmt(ci95[0])} to ${fmt(ci95[1])}) cannot tell it from noise.`
      : `The AUC is ${vs} (difference ${fmt(d)}, 95 % CI ${fmt(ci95[0])} to ${fmt(ci95[1])}): not worse beyond ${t.auc_max_drop}.`;
  return { gate: 'non-inferiority', status, value: d, ci95, threshold, sentence, details: { production: c.production, productionAuc: c.comparison.b.auc, candidateAuc: c.comparison.a.auc, se: c.comparison.se } };
}
