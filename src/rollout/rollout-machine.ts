import { analysisRequest } from './analysis-request.js';
import { judgeCanary } from './judge.js';
import { DEFAULT_JUDGE_LIMITS, type JudgeLimits } from './judge-limits.js';
import { judgeShadow } from './judge-shadow.js';
import { CRITICAL_EFFECTS, type RolloutEffect } from './rollout-effect.js';
import type { AnalysisObservation, RolloutInput } from './rollout-input.js';
import { isActivePhase, type RolloutState } from './rollout-state.js';
import { advance, complete, emit, pause, stop, type Transition } from './transitions.js';

/** Consecutive failures to observe the arms before the rollout pauses for a person. */
export const MAX_ANALYSIS_ERRORS = 5;

/** The outcome of one decision. */
export interface Decision {
  readonly state: RolloutState;
  /** Effects to apply, in order, after the state is persisted. */
  readonly effects: readonly RolloutEffect[];
  /** Set when a manual action is not allowed now (the state is then unchanged). */
  readonly rejection: { readonly action: string; readonly phase: string; readonly reason: string } | null;
  /** Whether the state differs from the input state (and must be saved). */
  readonly changed: boolean;
}

/**
 * The rollout state machine: given a state, one input and the time, returns the next state
 * and the effects to carry out. Pure: no I/O, no clock, no randomness.
 *
 * Rules: a failing analysis rolls back once more than limits.failureLimit have failed in a
 * row (also while paused, since traffic still reaches the candidate); a failing step never
 * advances; a bake/analysis step advances only when the verdict passes (or warns),
 * its duration has elapsed and the candidate has its minimum sample; still short at its
 * deadline, the rollout pauses for a person. Terminal phases ignore everything but report
 * manual actions as rejected.
 */
export function decide(state: RolloutState, input: RolloutInput, now: number, limits: JudgeLimits = DEFAULT_JUDGE_LIMITS): Decision {
  const t: Transition = { s: { ...state }, effects: [], now };
  let rejection: Decision['rejection'] = null;
  const active = isActivePhase(state.phase);
  switch (input.kind) {
    case 'tick':
      if (active) pauseIfStuck(t);
      break;
    case 'observe':
      if (active) observe(t, input.analysis, limits);
      break;
    case 'analysisError':
      if (active) noteAnalysisError(t, input.message);
      break;
    case 'smokeTestResult':
      if (active) takeSmokeTestResult(t, input.passed, input.summary);
      break;
    case 'effectFailed':
      // Without its model loaded, its traffic plan set or its smoke test run, the candidate
      // cannot be judged safely: treat it like a failed check.
      if (active && CRITICAL_EFFECTS.has(input.effect)) {
        stop(t, 'rolled-back', 'system', `Could not ${input.effect}${input.version ? ` ${input.version}` : ''}: ${input.message}.`);
      }
      break;
    default:
      rejection = applyManual(t, input);
  }
  const changed = JSON.stringify(t.s) !== JSON.stringify(state);
  if (changed) t.s.updatedAt = now;
  return { state: t.s, effects: t.effects, rejection, changed };
}

function observe(t: Transition, analysis: AnalysisObservation, limits: JudgeLimits): void {
  const { s, now } = t;
  const request = analysisRequest(s);
  // An observation gathered for an earlier plan (e.g. before a manual promote) is stale.
  if (request === null || request.kind !== analysis.kind) return;
  const verdict = analysis.kind === 'canary' ? judgeCanary(analysis.candidate, analysis.baseline, limits) : judgeShadow(analysis.observation, limits);
  s.analysis = { at: now, verdict };
  s.analysisErrors = 0;
  if (verdict.status === 'fail') {
    const failures = (s.analysisFailures ?? 0) + 1;
    s.analysisFailures = failures;
    // Tolerated (failureLimit): the step does not advance; the next analysis, on more data, decides.
    if (failures <= limits.failureLimit) return;
    const failed = verdict.checks.filter((c) => c.status === 'fail').map((c) => c.sentence).join(' ');
    const times = failures > 1 ? ` ${failures} times in a row` : '';
    stop(t, 'rolled-back', 'system', `Analysis failed${times}: ${failed}`, { verdict });
    return;
  }
  s.analysisFailures = 0;
  if (s.phase !== 'progressing') return;
  const step = s.steps[s.stepIndex];
  if (step === undefined || (step.type !== 'bake' && step.type !== 'analysis')) return;
  const samples = analysis.kind === 'canary' ? analysis.candidate.requests : analysis.observation.pairs.length;
  const minDurationMs = step.type === 'bake' ? step.durationMs : 0;
  const elapsed = now - s.stepStartedAt;
  if ((verdict.status === 'pass' || verdict.status === 'warn') && elapsed >= minDurationMs && samples >= step.minSamples) {
    emit(t, 'step', 'system', `Step ${s.stepIndex + 1} of ${s.steps.length} passed after ${formatDuration(elapsed)} on ${samples} samples: ${verdict.summary}`, { verdict });
    advance(t);
    return;
  }
  pauseIfStuck(t);
}

/** Pauses a waiting step whose deadline has passed without a passing analysis. */
function pauseIfStuck(t: Transition): void {
  const { s, now } = t;
  if (s.phase !== 'progressing' || s.stepDeadlineAt === null || now < s.stepDeadlineAt) return;
  const latest = s.analysis && s.analysis.at >= s.stepStartedAt ? s.analysis.verdict.summary : 'no analysis yet.';
  pause(t, 'inconclusive', `Step ${s.stepIndex + 1} of ${s.steps.length} still not conclusive after ${formatDuration(now - s.stepStartedAt)}: ${latest} A person must decide: resume, promote or abort.`, 'system');
}

function noteAnalysisError(t: Transition, message: string): void {
  const { s } = t;
  s.analysisErrors++;
  if (s.phase === 'progressing' && s.analysisErrors >= MAX_ANALYSIS_ERRORS) {
    pause(t, 'error', `Could not observe the arms ${s.analysisErrors} times in a row (last: ${message}).`, 'system');
  }
}

function takeSmokeTestResult(t: Transition, passed: boolean, summary: string): void {
  const { s, now } = t;
  const step = s.steps[s.stepIndex];
  // A result for a smoke test that was skipped (promote) or already answered is ignored.
  if (step?.type !== 'smokeTest' || s.smokeTest?.status !== 'running') return;
  s.smokeTest = { status: passed ? 'passed' : 'failed', at: now, summary };
  if (!passed) {
    stop(t, 'rolled-back', 'system', `Smoke test failed: ${summary}`);
    return;
  }
  emit(t, 'step', 'system', `Smoke test passed: ${summary}`);
  if (s.phase === 'progressing') advance(t);
}

function applyManual(t: Transition, input: Extract<RolloutInput, { actor: string }>): Decision['rejection'] {
  const { s, now } = t;
  const reject = () => ({ action: input.kind, phase: s.phase, reason: `Cannot ${input.kind} rollout ${s.id} in phase ${s.phase}.` });
  if (!isActivePhase(s.phase)) return reject();
  const why = input.reason ? ` Reason: ${input.reason}` : '';
  switch (input.kind) {
    case 'pause':
      if (s.phase === 'paused') return reject();
      pause(t, 'manual', `Paused by ${input.actor}.${why}`, input.actor);
      return null;
    case 'resume': {
      if (s.phase !== 'paused') return reject();
      const kind = s.pause?.kind;
      s.phase = 'progressing';
      s.pause = null;
      emit(t, 'resumed', input.actor, `Resumed by ${input.actor}.${why}`);
      const step = s.steps[s.stepIndex];
      if (kind === 'step') advance(t);
      // A fresh deadline, but the same window: the samples gathered so far still count.
      else if (step?.type === 'bake' || step?.type === 'analysis') s.stepDeadlineAt = now + step.maxDurationMs;
      return null;
    }
    case 'promote':
      s.phase = 'progressing';
      s.pause = null;
      if (input.full) {
        emit(t, 'promoted', input.actor, `Fully promoted by ${input.actor}, skipping the remaining steps.${why}`);
        complete(t, input.actor, `Promoted by ${input.actor}.${why}`);
      } else {
        emit(t, 'promoted', input.actor, `Promoted by ${input.actor}: step ${s.stepIndex + 1} (${s.steps[s.stepIndex]?.type ?? 'end'}) skipped.${why}`);
        advance(t);
      }
      return null;
    case 'abort':
      stop(t, 'aborted', input.actor, `Aborted by ${input.actor}.${why}`);
      return null;
    case 'rollback':
      stop(t, 'rolled-back', input.actor, `Rolled back by ${input.actor}.${why}`);
      return null;
  }
}

/** "90 s", "12 min", "2.5 h" for sentences. */
function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
