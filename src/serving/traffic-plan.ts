import { RiskgateError } from '../errors.js';

/**
 * Where traffic goes, as derived by src/rollout from a rollout's state (`derivePlan`) and
 * applied to the Router. Weights are percents: the canary gets sticky buckets
 * [0, canaryWeight × 100) of 10,000.
 */
export interface TrafficPlan {
  /** The rollout this plan belongs to; it keys the sticky hash. Absent when no rollout runs. */
  readonly rolloutId?: string | null;
  /** The version that answers everything not sent elsewhere (production). */
  readonly stable: string;
  /** The candidate answering `canaryWeight` % of patients. */
  readonly canary?: string | null;
  /** 0–100; 0 without a canary. */
  readonly canaryWeight: number;
  /** A candidate scoring a share of requests after the response, never answering. */
  readonly shadow?: { readonly version: string; readonly mirrorPercent: number } | null;
  /** A blue-green candidate answering only requests that ask for the preview. */
  readonly preview?: string | null;
}

/** The plan without any rollout: everything to `version`. */
export function stablePlan(version: string): TrafficPlan {
  return { rolloutId: null, stable: version, canary: null, canaryWeight: 0, shadow: null, preview: null };
}

/**
 * Checks a plan's invariants (weights within 0–100, a canary when weighted) and throws
 * BAD_REQUEST naming the problem; returns the plan for chaining.
 */
export function assertTrafficPlan(plan: TrafficPlan): TrafficPlan {
  const problems: string[] = [];
  if (typeof plan.stable !== 'string' || plan.stable === '') problems.push('stable version is required');
  if (!(plan.canaryWeight >= 0 && plan.canaryWeight <= 100)) problems.push(`canaryWeight ${plan.canaryWeight} is not within 0–100`);
  if (plan.canaryWeight > 0 && !plan.canary) problems.push('canaryWeight > 0 needs a canary version');
  if (plan.shadow && !(plan.shadow.mirrorPercent >= 0 && plan.shadow.mirrorPercent <= 100)) problems.push(`mirrorPercent ${plan.shadow.mirrorPercent} is not within 0–100`);
  if (problems.length > 0) throw new RiskgateError('BAD_REQUEST', { reason: `Invalid traffic plan: ${problems.join('; ')}.` });
  return plan;
}
