import type { TrafficPlan } from '../serving/index.js';

/** Event types of a rollout timeline (the same names as the riskgate_rollout_events_total labels). */
export const ROLLOUT_EVENT_TYPES = ['started', 'step', 'paused', 'resumed', 'promoted', 'rolled_back', 'aborted', 'completed'] as const;
export type RolloutEventType = (typeof ROLLOUT_EVENT_TYPES)[number];

/** Severity of a notification. */
export type NotifySeverity = 'info' | 'warning' | 'critical';

/** One entry of a rollout's timeline; the applier stores it, audits it and counts it. */
export interface RolloutEventDraft {
  readonly type: RolloutEventType;
  readonly actor: string;
  readonly message: string;
  readonly data: { readonly [key: string]: unknown };
}

/**
 * What the state machine asks the world to do, in order. Every effect is idempotent so the
 * controller may apply it again after a crash.
 */
export type RolloutEffect =
  | { readonly type: 'loadModel'; readonly version: string }
  | { readonly type: 'unloadModel'; readonly version: string }
  | { readonly type: 'setTrafficPlan'; readonly plan: TrafficPlan }
  | { readonly type: 'moveAlias'; readonly alias: 'production'; readonly version: string; readonly actor: string; readonly reason: string }
  | { readonly type: 'runSmokeTest'; readonly version: string }
  | { readonly type: 'recordEvent'; readonly event: RolloutEventDraft }
  | { readonly type: 'notify'; readonly severity: NotifySeverity; readonly text: string; readonly event: RolloutEventType };

/** Effect types whose failure means the rollout cannot safely go on (the machine rolls back). */
export const CRITICAL_EFFECTS: ReadonlySet<RolloutEffect['type']> = new Set(['loadModel', 'setTrafficPlan', 'runSmokeTest']);
