import type { ArmObservation } from '../arm-observation.js';
import type { JudgeLimits } from '../judge-limits.js';
import { mannWhitneyU, quantile, sortAscending } from '../../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatMs, formatNumber } from './format.js';

/**
 * Latency of the candidate: fail if p99 exceeds the absolute bound, if p95 exceeds the ratio
 * times the baseline's p95, or if a one-sided Mann-Whitney test says the candidate is slower
 * than the baseline stretched by the tolerance (Kayenta's method, confidence 0.98); not-yet
 * below the minimum sample. Relative parts need the baseline's minimum sample too, and a
 * slowdown (p95, or median for the test) larger than `minDeltaMs`. Pure.
 */
export function checkLatency(candidate: ArmObservation, baseline: ArmObservation, limits: JudgeLimits['latency']): CheckResult {
  const c = sortAscending(candidate.latenciesMs);
  const b = sortAscending(baseline.latenciesMs);
  const p95 = quantile(c, 0.95);
  const p99 = quantile(c, 0.99);
  const baselineP95 = quantile(b, 0.95);
  // Relative parts count only a slowdown a person would notice (limits.minDeltaMs, absolute).
  const noticeable = (candidateMs: number, baselineMs: number) => candidateMs - baselineMs > limits.minDeltaMs;
  const comparable = b.length >= limits.minSamples;
  // Compare with the baseline made slower by the tolerance: "slower beyond the tolerance".
  const test = comparable && c.length > 0 ? mannWhitneyU(c, b.map((x) => x * (1 + limits.tolerance))) : undefined;
  const numbers = {
    p95Ms: finiteOrNull(p95), p99Ms: finiteOrNull(p99), baselineP95Ms: finiteOrNull(baselineP95),
    samples: c.length, baselineSamples: b.length, pValue: test ? test.pValue : null,
    maxP99Ms: limits.maxP99Ms, maxP95Ratio: limits.maxP95Ratio,
  };
  const described = `Latency p95 ${formatMs(p95)}, p99 ${formatMs(p99)}` + (b.length > 0 ? ` vs baseline p95 ${formatMs(baselineP95)}` : '');
  if (c.length < limits.minSamples) {
    return { name: 'latency', status: 'not-yet', numbers, sentence: `${described}: waiting for ${limits.minSamples} samples (have ${c.length}).` };
  }
  if (p99 > limits.maxP99Ms) {
    return { name: 'latency', status: 'fail', numbers, sentence: `${described}: p99 above the ${formatMs(limits.maxP99Ms)} limit.` };
  }
  if (comparable && p95 > limits.maxP95Ratio * baselineP95 && noticeable(p95, baselineP95)) {
    return { name: 'latency', status: 'fail', numbers, sentence: `${described}: p95 more than ${limits.maxP95Ratio}× the baseline's.` };
  }
  if (test && test.pValue < 1 - limits.confidence && noticeable(quantile(c, 0.5), quantile(b, 0.5))) {
    return { name: 'latency', status: 'fail', numbers, sentence: `${described}: slower than baseline by more than ${Math.round(limits.tolerance * 100)} % (Mann-Whitney p = ${formatNumber(test.pValue)}).` };
  }
  const relative = comparable ? ' and not significantly slower than baseline' : ' (baseline too small to compare)';
  return { name: 'latency', status: 'pass', numbers, sentence: `${described}: within limits${relative}.` };
}
