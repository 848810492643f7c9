import type { TrafficPlan } from '../serving/index.js';
import type { NotifySeverity, RolloutEventDraft } from './rollout-effect.js';

/** The rollout an effect belongs to (null for a rollback outside any rollout). */
export interface EffectContext {
  readonly env: string;
  readonly rolloutId: string | null;
  readonly at: number;
}

/** A smoke test's outcome: every smoke-set patient reproduced its expected output, or not. */
export interface SmokeTestResult {
  readonly passed: boolean;
  /** A sentence: how many cases, how many differed, the first difference. */
  readonly summary: string;
}

/**
 * Carries out the state machine's effects (the server wires it to the model pool, the router,
 * the registry, the audit log, metrics and the webhook notifier). Every method may be called
 * again for the same effect after a crash, so each must be idempotent; a throw means "not done".
 */
export interface EffectApplier {
  /** Loads a version into the serving pool (verifying its checksums). Idempotent. */
  loadModel(version: string, context: EffectContext): Promise<void>;
  /** Unloads a version unless the current plan still needs it. Idempotent. */
  unloadModel(version: string, context: EffectContext): Promise<void>;
  /** Puts the plan in force on this server (and on the other replicas). Idempotent. */
  setTrafficPlan(plan: TrafficPlan, context: EffectContext): Promise<void>;
  /** Points the alias at the version, recording who and why; a no-op when it already does. */
  moveAlias(alias: 'production', version: string, move: { readonly actor: string; readonly reason: string }, context: EffectContext): Promise<void>;
  /** Audits and counts an event (the controller stores it on the rollout's timeline itself). */
  recordEvent(event: RolloutEventDraft, context: EffectContext): Promise<void>;
  /** Sends a notification (ALERT_WEBHOOK, retried with backoff by the notifier). */
  notify(severity: NotifySeverity, text: string, context: EffectContext): Promise<void>;
  /** Runs the version's smoke set against it as served (the preview) and reports; throws only when it could not run. */
  runSmokeTest(version: string, context: EffectContext): Promise<SmokeTestResult>;
}
