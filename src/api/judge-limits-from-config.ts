import type { Config } from '../config/index.js';
import { resolveJudgeLimits, type JudgeLimits } from '../rollout/index.js';

/** The latency check's own minimum (50 samples per arm) unless the step's minimum is smaller. */
const LATENCY_MIN_SAMPLES = 50;
/** The outcome checks need labels: at most this many, fewer when steps are smaller. */
const OUTCOMES_MIN_LABELLED = 50;

/**
 * The judge's limits from `rollout` in the configuration: the runbook bounds from
 * `rollout.analysis`, and every "minimum sample" scaled to `min_predictions_per_step`, so one
 * setting says how much evidence a step needs (a development box or a test sets it small;
 * the judge never says pass below it). Pure.
 */
export function judgeLimitsFromConfig(rollout: Config['rollout']): JudgeLimits {
  const a = rollout.analysis;
  const min = rollout.min_predictions_per_step;
  return resolveJudgeLimits({
    errorRate: { max: a.error_rate_max, minRequests: min, confidence: a.confidence },
    latency: { maxP99Ms: a.p99_latency_ms, maxP95Ratio: a.p95_ratio_max, confidence: a.confidence, minSamples: Math.min(LATENCY_MIN_SAMPLES, min) },
    memory: { maxFraction: a.memory_max_fraction },
    riskDistribution: { failPsi: a.psi_fail, warnPsi: a.psi_warn, minSamples: min },
    outcomes: { minAccuracy: a.accuracy_min, confidence: a.confidence, minLabelled: Math.min(OUTCOMES_MIN_LABELLED, min) },
    shadow: { minPairs: min, minAgreement: a.agreement_min, maxMeanDelta: a.mean_delta_max, maxP95Delta: a.p95_delta_max },
    failureLimit: a.failure_limit,
  });
}
