import type { JudgeLimits } from '../judge-limits.js';
import { quantile, sortAscending } from '../../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatNumber } from './format.js';

/**
 * Shadow: |Δ probability| between shadow and primary on the same requests — mean, p95 and max
 * reported; fail when the mean or the p95 exceeds its bound; not-yet below the minimum of pairs. Pure.
 */
export function checkProbabilityDelta(pairs: readonly { readonly primary: number; readonly shadow: number }[], limits: JudgeLimits['shadow']): CheckResult {
  const deltas = sortAscending(pairs.map((p) => Math.abs(p.shadow - p.primary)));
  const mean = deltas.length > 0 ? deltas.reduce((a, b) => a + b, 0) / deltas.length : Number.NaN;
  const p95 = quantile(deltas, 0.95);
  const max = deltas.length > 0 ? deltas[deltas.length - 1] : Number.NaN;
  const numbers = { mean: finiteOrNull(mean), p95: finiteOrNull(p95), max: finiteOrNull(max), pairs: pairs.length, maxMean: limits.maxMeanDelta, maxP95: limits.maxP95Delta };
  if (pairs.length < limits.minPairs) {
    return { name: 'probability-delta', status: 'not-yet', numbers, sentence: `Probability differences: waiting for ${limits.minPairs} paired requests (have ${pairs.length}).` };
  }
  const described = `|Δ probability| mean ${formatNumber(mean)}, p95 ${formatNumber(p95)}, max ${formatNumber(max)}`;
  if (mean > limits.maxMeanDelta || p95 > limits.maxP95Delta) {
    return { name: 'probability-delta', status: 'fail', numbers, sentence: `${described}: above the limits (mean ${limits.maxMeanDelta}, p95 ${limits.maxP95Delta}).` };
  }
  return { name: 'probability-delta', status: 'pass', numbers, sentence: `${described}: within limits.` };
}
