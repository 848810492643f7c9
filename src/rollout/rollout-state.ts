import type { RolloutCompletion, RolloutStep, RolloutStrategy } from './rollout-spec.js';
import type { Verdict } from './verdict.js';

/** Rollout phases; progressing and paused are active, the rest terminal. */
export const ROLLOUT_PHASES = ['progressing', 'paused', 'completed', 'aborted', 'rolled-back'] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

/** Whether a phase still holds the environment (one active rollout per environment). */
export function isActivePhase(phase: RolloutPhase): boolean {
  return phase === 'progressing' || phase === 'paused';
}

/** Why a rollout is paused: a person asked, a pause step, checks stuck at not-yet, or repeated analysis errors. */
export type PauseKind = 'manual' | 'step' | 'inconclusive' | 'error';

/**
 * Everything the state machine knows about one rollout. Plain JSON (persisted as is by the
 * store); times are epoch ms. The traffic plan is not stored: derivePlan computes it.
 */
export interface RolloutState {
  readonly id: string;
  readonly env: string;
  readonly strategy: RolloutStrategy;
  /** The version being rolled out. */
  readonly candidate: string;
  /** The version in production when the rollout started (answers all other traffic). */
  readonly baseline: string;
  readonly steps: readonly RolloutStep[];
  readonly completion: RolloutCompletion;
  readonly phase: RolloutPhase;
  /** Index of the current step (= steps.length once all passed). */
  readonly stepIndex: number;
  /** When the current step was entered. */
  readonly stepStartedAt: number;
  /** When a waiting step gives up and pauses (null for steps without one). */
  readonly stepDeadlineAt: number | null;
  /** When traffic last changed: analysis windows start here. */
  readonly windowStartedAt: number;
  /** Canary share in percent (100 after a blue-green switch). */
  readonly canaryWeight: number;
  /** Shadow share in percent. */
  readonly mirrorPercent: number;
  /** The candidate answers preview requests. */
  readonly previewActive: boolean;
  /** Blue-green: all traffic switched to the candidate. */
  readonly switched: boolean;
  readonly smokeTest: { readonly status: 'running' | 'passed' | 'failed'; readonly at: number; readonly summary: string | null } | null;
  readonly pause: { readonly kind: PauseKind; readonly reason: string; readonly actor: string; readonly at: number } | null;
  /** The latest analysis, for status and dashboards. */
  readonly analysis: { readonly at: number; readonly verdict: Verdict } | null;
  /** Consecutive failures to gather observations. */
  readonly analysisErrors: number;
  /** Consecutive failing analyses so far (see JudgeLimits.failureLimit); absent in rollouts stored before it existed. */
  readonly analysisFailures?: number;
  /** Why the rollout ended (terminal phases). */
  readonly outcome: { readonly reason: string; readonly actor: string; readonly at: number } | null;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}
