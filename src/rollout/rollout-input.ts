import type { ArmObservation, ShadowObservation } from './arm-observation.js';
import type { RolloutEffect } from './rollout-effect.js';

/** The observation of one analysis: a canary against its baseline, or a shadow comparison. */
export type AnalysisObservation =
  | { readonly kind: 'canary'; readonly candidate: ArmObservation; readonly baseline: ArmObservation }
  | { readonly kind: 'shadow'; readonly observation: ShadowObservation };

/** Manual actions, each with who asked and why. */
export const MANUAL_ACTIONS = ['promote', 'abort', 'pause', 'resume', 'rollback'] as const;
export type ManualAction = (typeof MANUAL_ACTIONS)[number];

/**
 * Everything that can move a rollout: time passing, observations, results of effects, and
 * people's actions. `promote` skips the current step (`full` skips all remaining ones).
 */
export type RolloutInput =
  | { readonly kind: 'tick' }
  | { readonly kind: 'observe'; readonly analysis: AnalysisObservation }
  | { readonly kind: 'analysisError'; readonly message: string }
  | { readonly kind: 'smokeTestResult'; readonly passed: boolean; readonly summary: string }
  | { readonly kind: 'effectFailed'; readonly effect: RolloutEffect['type']; readonly version?: string; readonly message: string }
  | { readonly kind: 'promote'; readonly actor: string; readonly reason: string; readonly full?: boolean }
  | { readonly kind: 'abort' | 'pause' | 'resume' | 'rollback'; readonly actor: string; readonly reason: string };
