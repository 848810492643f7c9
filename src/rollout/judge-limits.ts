import type { CheckName } from './verdict.js';

/** Limits of every check; see DEFAULT_JUDGE_LIMITS for the defaults and where they come from. */
export interface JudgeLimits {
  readonly errorRate: {
    /** Absolute bound (runbook: 5 %). */ readonly max: number;
    /** Minimum canary requests before any verdict. */ readonly minRequests: number;
    /** Confidence of the two-proportion test (0.98 → one-sided p < 0.02). */ readonly confidence: number;
    /** A significant excess smaller than this (absolute) is tolerated, so huge samples do not fail on noise-sized gaps. */ readonly minDelta: number;
  };
  readonly latency: {
    /** Absolute p99 bound in ms (runbook: 1 s). */ readonly maxP99Ms: number;
    /** Relative p95 bound: canary p95 ≤ ratio × baseline p95. */ readonly maxP95Ratio: number;
    /** Confidence of the Mann-Whitney test (Kayenta: 0.98). */ readonly confidence: number;
    /** Allowed slowdown (fraction) before the Mann-Whitney test counts it (Kayenta's effect-size tolerance). */ readonly tolerance: number;
    /** Minimum latency samples per arm. */ readonly minSamples: number;
    /** A slowdown smaller than this (ms, absolute) never fails the relative parts: on a sub-millisecond service, 0.05 → 0.13 ms is noise, not a regression. */ readonly minDeltaMs: number;
  };
  readonly memory: { /** Fraction of the process limit (runbook: 90 %). */ readonly maxFraction: number };
  readonly riskDistribution: {
    readonly failPsi: number;
    readonly warnPsi: number;
    readonly minSamples: number;
    readonly bins: number;
    /** Additive smoothing per bin count (src/monitor's PSI). */ readonly smoothing: number;
  };
  readonly outcomes: {
    /** Absolute accuracy bound (runbook: 0.80). */ readonly minAccuracy: number;
    /** Minimum labelled predictions before any verdict. */ readonly minLabelled: number;
    /** Minimum of each class per arm before AUCs are compared. */ readonly minPerClass: number;
    /** Confidence of the DeLong comparison. */ readonly confidence: number;
    /** Threshold used when an observation does not carry its own. */ readonly defaultThreshold: number;
  };
  readonly shadow: {
    /** Minimum paired requests before any verdict. */ readonly minPairs: number;
    /** Minimum share of requests where both models take the same decision. */ readonly minAgreement: number;
    /** Bounds on |Δ probability| between shadow and primary. */ readonly maxMeanDelta: number;
    readonly maxP95Delta: number;
  };
  /** Checks whose not-yet does not block (their fail still does). */
  readonly optionalChecks: readonly CheckName[];
  /**
   * Failing analyses in a row tolerated before the rollout rolls back (Argo Rollouts'
   * failureLimit); 0 rolls back on the first. The judge re-tests the growing window at every
   * tick, so a single failing look is partly chance (each test is at 0.98 confidence, but
   * there are many looks); a real regression keeps failing as evidence accumulates.
   */
  readonly failureLimit: number;
}

/**
 * Defaults: the runbook's absolute bounds (5 % errors, p99 1 s, memory 90 %, accuracy 0.80),
 * Kayenta's 0.98 confidence, the usual PSI bands (0.1 moderate, 0.25 major shift).
 */
export const DEFAULT_JUDGE_LIMITS: JudgeLimits = Object.freeze<JudgeLimits>({
  errorRate: { max: 0.05, minRequests: 100, confidence: 0.98, minDelta: 0.01 },
  latency: { maxP99Ms: 1000, maxP95Ratio: 2, confidence: 0.98, tolerance: 0.25, minSamples: 50, minDeltaMs: 2 },
  memory: { maxFraction: 0.9 },
  riskDistribution: { failPsi: 0.25, warnPsi: 0.1, minSamples: 100, bins: 10, smoothing: 0.5 },
  // Outcomes are fed back late: they may be missing for a whole step, so they are optional
  // by default — a fail still rolls back the moment enough labels arrive.
  outcomes: { minAccuracy: 0.8, minLabelled: 50, minPerClass: 10, confidence: 0.98, defaultThreshold: 0.5 },
  shadow: { minPairs: 100, minAgreement: 0.85, maxMeanDelta: 0.1, maxP95Delta: 0.25 },
  optionalChecks: ['outcomes'],
  // The bare machine rolls back on the first failing analysis; the server's configuration
  // (rollout.analysis.failure_limit, default 1) asks for a second look.
  failureLimit: 0,
});

/** Overrides for some limits; nested groups merge key by key. */
export type JudgeLimitsOverride = { readonly [K in keyof JudgeLimits]?: JudgeLimits[K] extends readonly unknown[] ? JudgeLimits[K] : Partial<JudgeLimits[K]> };

/** The defaults (or `base`) with `override` applied group by group. Pure. */
export function resolveJudgeLimits(override: JudgeLimitsOverride = {}, base: JudgeLimits = DEFAULT_JUDGE_LIMITS): JudgeLimits {
  return {
    errorRate: { ...base.errorRate, ...override.errorRate },
    latency: { ...base.latency, ...override.latency },
    memory: { ...base.memory, ...override.memory },
    riskDistribution: { ...base.riskDistribution, ...override.riskDistribution },
    outcomes: { ...base.outcomes, ...override.outcomes },
    shadow: { ...base.shadow, ...override.shadow },
    optionalChecks: override.optionalChecks ?? base.optionalChecks,
    failureLimit: override.failureLimit ?? base.failureLimit,
  };
}
