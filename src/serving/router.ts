import { RiskgateError } from '../errors.js';
import type { RouteDecision, TrafficRouter } from './predictor-types.js';
import { BUCKET_COUNT, bucketWithin, stickyBucket } from './sticky-bucket.js';
import { assertTrafficPlan, type TrafficPlan } from './traffic-plan.js';

/** Settings of a {@link Router}. */
export interface RouterOptions {
  /** Secret keying the sticky hash (e.g. derived from SECRET_KEY). */
  readonly key: string | Buffer;
  /** The plan to start with; without one, route() throws NO_PRODUCTION_MODEL until setPlan. */
  readonly plan?: TrafficPlan;
  /** Uniform [0, 1) source for requests without a patient id (default Math.random). */
  readonly random?: () => number;
}

/**
 * Picks the arm of each request from the current TrafficPlan. A patient's bucket is sticky
 * for a rollout, so a patient on the canary at 5 % stays on it at 25 %; requests without a
 * patient id get a random bucket. Shadow mirroring uses the same bucket (the same patients
 * are mirrored while the share is unchanged). Breakers are the predictor's business: the
 * router only says where traffic should go. setPlan swaps the plan atomically.
 */
export class Router implements TrafficRouter {
  readonly #key: string | Buffer;
  readonly #random: () => number;
  #plan: TrafficPlan | null;

  constructor(options: RouterOptions) {
    this.#key = options.key;
    this.#random = options.random ?? Math.random;
    this.#plan = options.plan ? assertTrafficPlan(options.plan) : null;
  }

  /** Replaces the plan (validated; BAD_REQUEST on a broken one, the old plan then stays). */
  setPlan(plan: TrafficPlan): void {
    this.#plan = assertTrafficPlan(plan);
  }

  /** The plan in force, or null before the first one. */
  plan(): TrafficPlan | null {
    return this.#plan;
  }

  /** The stable version, or null before the first plan. */
  stableVersion(): string | null {
    return this.#plan?.stable ?? null;
  }

  /** The arm and version for one request; NO_PRODUCTION_MODEL before any plan. Never does I/O. */
  route(request: { readonly patientId: string | null; readonly preview: boolean }): RouteDecision {
    const plan = this.#plan;
    if (plan === null) throw new RiskgateError('NO_PRODUCTION_MODEL', { env: 'this server' });
    const rolloutId = plan.rolloutId ?? null;
    if (request.preview && plan.preview) return { arm: 'preview', version: plan.preview, rolloutId };
    // Without a canary or a shadow every request goes to stable: no bucket (an HMAC) needed.
    if (!(plan.canary && plan.canaryWeight > 0) && !plan.shadow) return { arm: 'stable', version: plan.stable, shadowVersion: null, rolloutId };
    const bucket = this.bucketOf(request.patientId, plan);
    const toCanary = !!plan.canary && bucketWithin(bucket, plan.canaryWeight);
    const version = toCanary ? (plan.canary as string) : plan.stable;
    const mirrored = plan.shadow && plan.shadow.version !== version && bucketWithin(bucket, plan.shadow.mirrorPercent);
    return { arm: toCanary ? 'canary' : 'stable', version, shadowVersion: mirrored ? plan.shadow!.version : null, rolloutId };
  }

  /** The request's bucket: sticky for a patient within the plan's rollout, random otherwise. */
  bucketOf(patientId: string | null, plan: TrafficPlan | null = this.#plan): number {
    if (patientId === null || patientId === '') return Math.floor(this.#random() * BUCKET_COUNT);
    return stickyBucket(this.#key, plan?.rolloutId ?? '', patientId);
  }
}
