import type { JsonObject } from '../store/index.js';
import type { RolloutEffect } from './rollout-effect.js';
import type { RolloutState } from './rollout-state.js';

/** Version of the JSON layout below, for future migrations of stored rollouts. */
export const PERSISTED_ROLLOUT_FORMAT = 1;

/**
 * What the controller stores in a rollout record's `state`: the machine state and the
 * effects decided but not yet confirmed applied (an outbox). Saving both in one write is
 * what lets a restart finish a half-applied transition.
 */
export interface PersistedRollout {
  readonly format: typeof PERSISTED_ROLLOUT_FORMAT;
  readonly rollout: RolloutState;
  readonly pending: readonly RolloutEffect[];
}

/** The JSON to store. */
export function encodeRollout(rollout: RolloutState, pending: readonly RolloutEffect[]): JsonObject {
  const persisted: PersistedRollout = { format: PERSISTED_ROLLOUT_FORMAT, rollout, pending };
  // JSON round trip: drops undefined and turns non-finite numbers into null, as the store would.
  return JSON.parse(JSON.stringify(persisted)) as JsonObject;
}

/** The stored JSON read back (the controller is its only writer). */
export function decodeRollout(state: JsonObject): PersistedRollout {
  return state as unknown as PersistedRollout;
}
