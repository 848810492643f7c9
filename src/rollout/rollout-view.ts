import type { RolloutEvent } from '../store/index.js';
import type { TrafficPlan } from '../serving/index.js';
import { derivePlan } from './derive-plan.js';
import type { RolloutState } from './rollout-state.js';

/** A rollout as the API, CLI and dashboard show it: its state, the plan it implies, its timeline. */
export interface RolloutView extends RolloutState {
  /** Where traffic goes now (derived from the state). */
  readonly plan: TrafficPlan;
  readonly active: boolean;
  /** Store revision (optimistic concurrency). */
  readonly revision: number;
  /** Effects decided but not yet confirmed applied (non-zero only briefly, or while one keeps failing). */
  readonly pendingEffects: number;
  /** The timeline, oldest first (status only; empty in listings). */
  readonly events: readonly RolloutEvent[];
}

/** Builds the view of a stored rollout. Pure. */
export function viewRollout(rollout: RolloutState, meta: { readonly revision: number; readonly pending: number; readonly events?: readonly RolloutEvent[] }): RolloutView {
  return {
    ...rollout,
    plan: derivePlan(rollout),
    active: rollout.phase === 'progressing' || rollout.phase === 'paused',
    revision: meta.revision,
    pendingEffects: meta.pending,
    events: meta.events ?? [],
  };
}
