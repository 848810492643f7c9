import type { RolloutStrategy } from './rollout-spec.js';
import type { RolloutView } from './rollout-view.js';

/** Starting a rollout (POST /api/v1/rollouts, `riskgate deploy`). */
export interface StartRolloutRequest {
  /** The candidate version (or alias). */
  readonly version: string;
  /** Defaults to the controller's environment; another one is BAD_REQUEST. */
  readonly env?: string;
  readonly strategy: RolloutStrategy;
  /** Canary weights in percent (default 5, 25, 50, 100). */
  readonly steps?: readonly number[];
  /** Bake per step: ms or "10m" (default 10 min). */
  readonly bake?: number | string;
  /** Longest a step may stay inconclusive: ms or "30m" (default 3 × bake). */
  readonly maxBake?: number | string;
  /** Minimum candidate samples per step (default 100). */
  readonly minSamples?: number;
  /** Shadow: share mirrored in percent (default 100). */
  readonly mirror?: number;
  /** Shadow: continue as a canary once the comparison passes. */
  readonly thenCanary?: boolean;
  /** Blue-green: hold the smoke-tested preview until a person resumes or promotes. */
  readonly holdPreview?: boolean;
  readonly actor: string;
  readonly reason?: string;
}

/** Moving production back (POST /api/v1/rollback, `riskgate rollback`). */
export interface RollbackRequest {
  /** The version to go back to (default: the previous production version). */
  readonly to?: string;
  readonly reason: string;
  readonly actor: string;
}

/** What a rollback did. */
export interface RollbackResult {
  /** The version production had before. */
  readonly from: string | null;
  /** The version production has now. */
  readonly to: string;
  /** The rollout that was rolled back, when one was active. */
  readonly rollout: RolloutView | null;
}

/**
 * The rollout operations the HTTP layer and the CLI call. Errors: ROLLOUT_CONFLICT (another
 * rollout active), ROLLOUT_NOT_FOUND, ROLLOUT_INVALID_ACTION (not allowed in this phase),
 * MODEL_NOT_FOUND, NO_PRODUCTION_MODEL, BAD_REQUEST (invalid options).
 */
export interface RolloutService {
  /** Starts a rollout in the environment and returns it after its first effects. */
  start(request: StartRolloutRequest): Promise<RolloutView>;
  /** One rollout with its timeline. */
  status(id: string): Promise<RolloutView>;
  /** Rollouts of the environment, newest first (without timelines). */
  list(options?: { readonly limit?: number }): Promise<readonly RolloutView[]>;
  /** Skips the current step (`full`: all remaining steps). */
  promote(id: string, actor: string, reason: string, options?: { readonly full?: boolean }): Promise<RolloutView>;
  abort(id: string, actor: string, reason: string): Promise<RolloutView>;
  pause(id: string, actor: string, reason: string): Promise<RolloutView>;
  resume(id: string, actor: string, reason: string): Promise<RolloutView>;
  /** Rolls back the active rollout if any, and moves production to `to` (or the previous version) when it differs. */
  rollback(request: RollbackRequest): Promise<RollbackResult>;
}
