import type { ArmObservation } from '../arm-observation.js';
import type { JudgeLimits } from '../judge-limits.js';
import { twoProportionTest } from '../../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatNumber, formatPercent } from './format.js';

/**
 * Error rate of the candidate: fail above the absolute bound, or when a one-sided
 * two-proportion test says it is above the baseline's (at the configured confidence) by more
 * than the tolerated delta; not-yet below the minimum number of requests. Pure.
 */
export function checkErrorRate(candidate: ArmObservation, baseline: ArmObservation, limits: JudgeLimits['errorRate']): CheckResult {
  const test = twoProportionTest(candidate.errors, candidate.requests, baseline.errors, baseline.requests);
  const numbers = {
    candidateRate: finiteOrNull(test.p1), baselineRate: baseline.requests > 0 ? test.p2 : null,
    candidateRequests: candidate.requests, baselineRequests: baseline.requests,
    pValue: finiteOrNull(test.pValue), max: limits.max,
  };
  const described = `Error rate ${formatPercent(test.p1)} (${candidate.errors}/${candidate.requests})` +
    (baseline.requests > 0 ? ` vs baseline ${formatPercent(test.p2)} (${baseline.errors}/${baseline.requests})` : '');
  // An absolute breach needs no minimum sample once it is certain: more errors than the bound allows on the full minimum.
  if (candidate.errors > limits.max * Math.max(candidate.requests, limits.minRequests)) {
    return { name: 'error-rate', status: 'fail', numbers, sentence: `${described}: above the ${formatPercent(limits.max)} limit.` };
  }
  if (candidate.requests < limits.minRequests) {
    return { name: 'error-rate', status: 'not-yet', numbers, sentence: `${described}: waiting for ${limits.minRequests} requests.` };
  }
  const significant = baseline.requests >= limits.minRequests && test.pValue < 1 - limits.confidence && test.p1 - test.p2 > limits.minDelta;
  if (significant) {
    return { name: 'error-rate', status: 'fail', numbers, sentence: `${described}: significantly higher than baseline (p = ${formatNumber(test.pValue)}).` };
  }
  const relative = baseline.requests >= limits.minRequests ? ` and not significantly above baseline (p = ${formatNumber(test.pValue)})` : ' (baseline too small to compare)';
  return { name: 'error-rate', status: 'pass', numbers, sentence: `${described}: within ${formatPercent(limits.max)}${relative}.` };
}
