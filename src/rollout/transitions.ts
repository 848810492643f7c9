// Building blocks of the state machine's transitions. Each mutates a draft of the state
// and appends effects in the order they must be applied; none reads a clock or does I/O.
import { derivePlan } from './derive-plan.js';
import type { NotifySeverity, RolloutEffect, RolloutEventType } from './rollout-effect.js';
import type { PauseKind, RolloutState } from './rollout-state.js';

/** A mutable copy of the state being decided. */
export type Draft = { -readonly [K in keyof RolloutState]: RolloutState[K] };

/** The work in progress of one decision. */
export interface Transition {
  readonly s: Draft;
  readonly effects: RolloutEffect[];
  readonly now: number;
}

/** Severity of the notification for each event type. */
const SEVERITY: Readonly<Record<RolloutEventType, NotifySeverity>> = {
  started: 'info', step: 'info', paused: 'warning', resumed: 'info', promoted: 'info',
  rolled_back: 'critical', aborted: 'warning', completed: 'info',
};

/** Records an event on the timeline and notifies people about it (every state change is both). */
export function emit(t: Transition, type: RolloutEventType, actor: string, message: string, data: Record<string, unknown> = {}): void {
  const { s } = t;
  const event = { type, actor, message, data: { phase: s.phase, step: s.stepIndex, canaryWeight: s.canaryWeight, ...data } };
  t.effects.push(
    { type: 'recordEvent', event },
    { type: 'notify', severity: SEVERITY[type], text: `Rollout ${s.id} of ${s.candidate} in ${s.env}: ${message}`, event: type },
  );
}

/** Applies the plan the draft now implies; analysis windows restart with the new traffic. */
export function applyPlan(t: Transition): void {
  t.effects.push({ type: 'setTrafficPlan', plan: derivePlan(t.s) });
  t.s.windowStartedAt = t.now;
}

/**
 * Runs steps from the current index: instant steps apply and move on; the first waiting step
 * is entered (its clock and deadline start now) and the loop stops there. Past the last step
 * the rollout completes.
 */
export function enterSteps(t: Transition): void {
  const { s, now } = t;
  while (s.stepIndex < s.steps.length) {
    const step = s.steps[s.stepIndex];
    s.stepStartedAt = now;
    s.stepDeadlineAt = null;
    switch (step.type) {
      case 'setWeight':
        s.canaryWeight = step.weight;
        applyPlan(t);
        emit(t, 'step', 'system', `Canary weight set to ${step.weight} %.`);
        break;
      case 'mirror':
        s.mirrorPercent = step.percent;
        applyPlan(t);
        emit(t, 'step', 'system', step.percent > 0 ? `Mirroring ${step.percent} % of requests to the candidate in shadow.` : 'Shadow mirroring stopped.');
        break;
      case 'preview':
        s.previewActive = true;
        applyPlan(t);
        emit(t, 'step', 'system', 'Candidate loaded as a preview (reachable with X-Riskgate-Preview: true).');
        break;
      case 'switch':
        s.previewActive = false;
        s.switched = true;
        s.canaryWeight = 100;
        applyPlan(t);
        emit(t, 'step', 'system', 'All traffic switched to the candidate; the previous version stays loaded for an instant rollback.');
        break;
      case 'bake':
      case 'analysis':
        s.stepDeadlineAt = now + step.maxDurationMs;
        return;
      case 'smokeTest':
        s.smokeTest = { status: 'running', at: now, summary: null };
        t.effects.push({ type: 'runSmokeTest', version: s.candidate });
        emit(t, 'step', 'system', 'Smoke test started against the candidate.');
        return;
      case 'pause':
        pause(t, 'step', step.reason ?? 'Pause step: waiting for a person to resume or promote.', 'system');
        return;
    }
    s.stepIndex++;
  }
  complete(t, 'system', 'All steps passed.');
}

/** Leaves the current step and enters the following ones. */
export function advance(t: Transition): void {
  t.s.stepIndex++;
  enterSteps(t);
}

/** Pauses the rollout (traffic stays as it is) and tells people why. */
export function pause(t: Transition, kind: PauseKind, reason: string, actor: string): void {
  t.s.phase = 'paused';
  t.s.pause = { kind, reason, actor, at: t.now };
  emit(t, 'paused', actor, reason, { pauseKind: kind });
}

/**
 * Finishes successfully. Promotion moves the production alias first (the registry is what a
 * restarted server reads), then sends all traffic to the candidate, then unloads the old
 * version; a report-only shadow sends everything back to the baseline and unloads the candidate.
 */
export function complete(t: Transition, actor: string, reason: string): void {
  const { s } = t;
  s.phase = 'completed';
  s.stepIndex = s.steps.length;
  s.pause = null;
  s.stepDeadlineAt = null;
  s.outcome = { reason, actor, at: t.now };
  if (s.completion === 'promote') {
    t.effects.push({ type: 'moveAlias', alias: 'production', version: s.candidate, actor, reason: `Rollout ${s.id} completed. ${reason}` });
    applyPlan(t);
    t.effects.push({ type: 'unloadModel', version: s.baseline });
    emit(t, 'completed', actor, `${s.candidate} promoted to production. ${reason}`);
  } else {
    applyPlan(t);
    t.effects.push({ type: 'unloadModel', version: s.candidate });
    emit(t, 'completed', actor, `Shadow comparison passed; production stays on ${s.baseline}. ${reason}`);
  }
}

/**
 * Ends the rollout without promotion: all traffic back to the baseline at once (it never
 * stopped being loaded), then the candidate is unloaded. derivePlan never routes to the
 * candidate again from these phases.
 */
export function stop(t: Transition, phase: 'aborted' | 'rolled-back', actor: string, reason: string, data: Record<string, unknown> = {}): void {
  const { s } = t;
  s.phase = phase;
  s.pause = null;
  s.stepDeadlineAt = null;
  s.outcome = { reason, actor, at: t.now };
  applyPlan(t);
  t.effects.push({ type: 'unloadModel', version: s.candidate });
  emit(t, phase === 'aborted' ? 'aborted' : 'rolled_back', actor, `${reason} Traffic is back on ${s.baseline}.`, data);
}
