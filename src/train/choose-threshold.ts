import { RiskgateError } from '../errors.js';

/**
 * How to pick the operating threshold (rows with probability ≥ threshold are positive):
 * the highest threshold reaching a target sensitivity (fewest false alarms for the recall a
 * screening use needs), the one maximising Youden's J = sensitivity + specificity − 1, or a
 * fixed value.
 */
export type ThresholdRule =
  | { readonly kind: 'sensitivity'; readonly target: number }
  | { readonly kind: 'youden' }
  | { readonly kind: 'fixed'; readonly value: number };

/** The default rule when nothing is said: probability 0.5. */
export const DEFAULT_THRESHOLD_RULE: ThresholdRule = Object.freeze({ kind: 'fixed', value: 0.5 });

/**
 * The operating threshold chosen by `rule` on (ideally out-of-fold) predictions. Throws
 * BAD_REQUEST for a target outside (0, 1] or when the rule needs a class that is absent.
 */
export function chooseThreshold(y: ArrayLike<number>, prob: ArrayLike<number>, rule: ThresholdRule): number {
  if (rule.kind === 'fixed') return rule.value;
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(prob[i]);
  if (pos.length === 0 || (rule.kind === 'youden' && neg.length === 0)) {
    throw new RiskgateError('BAD_REQUEST', { reason: `cannot choose a threshold by ${rule.kind}: a class is absent from the predictions` });
  }
  pos.sort((a, b) => b - a);
  if (rule.kind === 'sensitivity') {
    if (!(rule.target > 0 && rule.target <= 1)) {
      throw new RiskgateError('BAD_REQUEST', { reason: `target sensitivity must be in (0, 1], got ${rule.target}` });
    }
    // The k-th highest positive score is the highest threshold catching k positives.
    const k = Math.ceil(rule.target * pos.length - 1e-9);
    return pos[Math.max(k, 1) - 1];
  }
  neg.sort((a, b) => b - a);
  // Sweep thresholds from high to low over all distinct scores; ties keep the higher threshold.
  const candidates = [...new Set([...pos, ...neg])].sort((a, b) => b - a);
  let best = candidates[0];
  let bestJ = -Infinity;
  let ip = 0;
  let ineg = 0;
  for (const t of candidates) {
    while (ip < pos.length && pos[ip] >= t) ip++;
    while (ineg < neg.length && neg[ineg] >= t) ineg++;
    const j = ip / pos.length - ineg / neg.length;
    if (j > bestJ + 1e-12) {
      bestJ = j;
      best = t;
    }
  }
  return best;
}
