import type { ArmObservation } from './arm-observation.js';
import { checkCircuitBreaker } from './checks/check-circuit-breaker.js';
import { checkErrorRate } from './checks/check-error-rate.js';
import { checkLatency } from './checks/check-latency.js';
import { checkMemory } from './checks/check-memory.js';
import { checkOutcomes } from './checks/check-outcomes.js';
import { checkRiskDistribution } from './checks/check-risk-distribution.js';
import { DEFAULT_JUDGE_LIMITS, type JudgeLimits } from './judge-limits.js';
import { combineChecks, type CheckResult, type Verdict } from './verdict.js';

/**
 * Judges a canary (or a switched blue-green candidate) against the baseline arm over one
 * window: error rate, latency, memory, predicted-risk distribution, outcomes, circuit
 * breaker. Worst status wins; optional checks (outcomes by default) cannot hold it at
 * not-yet. Pure: same observations and limits, same verdict.
 */
export function judgeCanary(candidate: ArmObservation, baseline: ArmObservation, limits: JudgeLimits = DEFAULT_JUDGE_LIMITS): Verdict {
  const checks: CheckResult[] = [
    checkErrorRate(candidate, baseline, limits.errorRate),
    checkLatency(candidate, baseline, limits.latency),
    checkMemory(candidate, limits.memory),
    checkRiskDistribution(candidate.probabilities, baseline.probabilities, limits.riskDistribution),
    checkOutcomes(candidate, baseline, limits.outcomes),
    checkCircuitBreaker(candidate),
  ];
  return combineChecks(markOptional(checks, limits));
}

/** Flags the checks the limits declare optional. */
export function markOptional(checks: readonly CheckResult[], limits: JudgeLimits): CheckResult[] {
  return checks.map((c) => (limits.optionalChecks.includes(c.name) ? { ...c, optional: true } : c));
}
