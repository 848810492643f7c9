import type { ShadowObservation } from './arm-observation.js';
import { checkAgreement } from './checks/check-agreement.js';
import { checkErrorRate } from './checks/check-error-rate.js';
import { checkLatency } from './checks/check-latency.js';
import { checkProbabilityDelta } from './checks/check-probability-delta.js';
import { checkRiskDistribution } from './checks/check-risk-distribution.js';
import { markOptional } from './judge.js';
import { DEFAULT_JUDGE_LIMITS, type JudgeLimits } from './judge-limits.js';
import { combineChecks, type Verdict } from './verdict.js';

/**
 * Judges a shadow against the primary on the same requests: decision agreement at the
 * threshold, |Δ probability| (mean, p95, max), PSI of predicted risk, latency and errors.
 * The shadow never answers, so a fail here only stops the rollout. Pure.
 */
export function judgeShadow(observation: ShadowObservation, limits: JudgeLimits = DEFAULT_JUDGE_LIMITS): Verdict {
  const threshold = observation.primary.threshold ?? limits.outcomes.defaultThreshold;
  const shadowProbabilities = observation.pairs.map((p) => p.shadow);
  const primaryProbabilities = observation.pairs.map((p) => p.primary);
  return combineChecks(markOptional([
    checkAgreement(observation.pairs, threshold, limits.shadow),
    checkProbabilityDelta(observation.pairs, limits.shadow),
    // PSI on the paired requests: both models saw exactly the same patients.
    checkRiskDistribution(shadowProbabilities, primaryProbabilities, limits.riskDistribution),
    checkLatency(observation.shadow, observation.primary, limits.latency),
    checkErrorRate(observation.shadow, observation.primary, limits.errorRate),
  ], limits));
}
