import { RiskgateError } from '../errors.js';
import type { Decision } from './rollout-machine.js';
import { buildSteps, type StrategyOptions } from './rollout-spec.js';
import type { RolloutState } from './rollout-state.js';
import { emit, enterSteps, type Transition } from './transitions.js';

/** What starting a rollout needs; the controller supplies the id, baseline and time. */
export interface StartRolloutSpec {
  readonly id: string;
  readonly env: string;
  readonly candidate: string;
  /** The version in production now. */
  readonly baseline: string;
  readonly actor: string;
  readonly reason?: string;
  readonly options: StrategyOptions;
}

/**
 * The first decision of a rollout: its initial state, the candidate loaded, the event, and
 * the instant first steps applied (e.g. the 5 % canary weight). Pure; throws BAD_REQUEST
 * for invalid options or a candidate equal to the baseline.
 */
export function startRollout(spec: StartRolloutSpec, now: number): Decision {
  if (spec.candidate === spec.baseline) {
    throw new RiskgateError('BAD_REQUEST', { reason: `${spec.candidate} is already in production in ${spec.env}.` });
  }
  const { steps, completion } = buildSteps(spec.options);
  const initial: RolloutState = {
    id: spec.id, env: spec.env, strategy: spec.options.strategy, candidate: spec.candidate, baseline: spec.baseline,
    steps, completion, phase: 'progressing', stepIndex: 0, stepStartedAt: now, stepDeadlineAt: null, windowStartedAt: now,
    canaryWeight: 0, mirrorPercent: 0, previewActive: false, switched: false, smokeTest: null, pause: null,
    analysis: null, analysisErrors: 0, analysisFailures: 0, outcome: null, createdBy: spec.actor, createdAt: now, updatedAt: now,
  };
  const t: Transition = { s: { ...initial }, effects: [{ type: 'loadModel', version: spec.candidate }], now };
  const why = spec.reason ? ` Reason: ${spec.reason}` : '';
  emit(t, 'started', spec.actor, `${spec.actor} started a ${spec.options.strategy} rollout of ${spec.candidate} against ${spec.baseline}.${why}`, { steps });
  enterSteps(t);
  return { state: t.s, effects: t.effects, rejection: null, changed: true };
}
