import { describe, expect, it } from 'vitest';
import { analysisRequest } from './analysis-request.js';
import { derivePlan } from './derive-plan.js';
import { resolveJudgeLimits } from './judge-limits.js';
import type { RolloutEffect } from './rollout-effect.js';
import type { AnalysisObservation, RolloutInput } from './rollout-input.js';
import { decide, MAX_ANALYSIS_ERRORS, type Decision } from './rollout-machine.js';
import type { StrategyOptions } from './rollout-spec.js';
import type { RolloutState } from './rollout-state.js';
import { startRollout } from './start-rollout.js';
import { syntheticArm, syntheticShadow } from './test-arms.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const BASE = { id: 'r-1', env: 'staging', candidate: 'v2', baseline: 'v1', actor: 'alice' };

function start(options: Partial<StrategyOptions> = {}): RolloutState {
  return startRollout({ ...BASE, options: { strategy: 'canary', bakeMs: 10 * MIN, minSamples: 100, ...options } }, T0).state;
}
const healthy: AnalysisObservation = { kind: 'canary', candidate: syntheticArm({ seed: 3 }), baseline: syntheticArm({ seed: 2 }) };
const erroring: AnalysisObservation = { kind: 'canary', candidate: syntheticArm({ seed: 3, errors: 80 }), baseline: syntheticArm({ seed: 2 }) };
const thin: AnalysisObservation = { kind: 'canary', candidate: syntheticArm({ seed: 3, n: 30 }), baseline: syntheticArm({ seed: 2 }) };
const observe = (analysis: AnalysisObservation): RolloutInput => ({ kind: 'observe', analysis });
const types = (effects: readonly RolloutEffect[]) => effects.filter((e) => e.type !== 'notify' && e.type !== 'recordEvent').map((e) => e.type);
const events = (d: Decision) => d.effects.flatMap((e) => (e.type === 'recordEvent' ? [e.event.type] : []));

describe('startRollout', () => {
  it('loads the candidate, records the start and applies the first weight', () => {
    const d = startRollout({ ...BASE, options: { strategy: 'canary' } }, T0);
    expect(d.state.phase).toBe('progressing');
    expect(d.state.canaryWeight).toBe(5);
    expect(d.state.stepIndex).toBe(1); // waiting in the bake after setWeight 5
    expect(types(d.effects)).toEqual(['loadModel', 'setTrafficPlan']);
    expect(events(d)).toEqual(['started', 'step']);
    expect(d.effects.filter((e) => e.type === 'notify')).toHaveLength(2); // every state change notifies
    expect(derivePlan(d.state)).toEqual({ rolloutId: 'r-1', stable: 'v1', canary: 'v2', canaryWeight: 5, shadow: null, preview: null });
  });

  it('refuses bad options and a candidate already in production', () => {
    expect(() => start({ weights: [25, 5] })).toThrow(/increase/);
    expect(() => start({ weights: [0, 50] })).toThrow(/increase/);
    expect(() => startRollout({ ...BASE, candidate: 'v1', options: { strategy: 'canary' } }, T0)).toThrow(/already in production/);
    expect(() => start({ strategy: 'linear' as never })).toThrow(/Unknown strategy/);
  });
});

describe('canary truth table', () => {
  it('advances only when analysis passes, the bake has elapsed and the sample is met', () => {
    const s = start();
    // Passing, sample met, but bake not over: stays.
    let d = decide(s, observe(healthy), T0 + 5 * MIN);
    expect(d.state.canaryWeight).toBe(5);
    expect(d.state.analysis?.verdict.status).toBe('pass');
    // Bake over, passing, sample met: next weight.
    d = decide(s, observe(healthy), T0 + 10 * MIN);
    expect(d.state.canaryWeight).toBe(25);
    expect(types(d.effects)).toEqual(['setTrafficPlan']);
    // Change one limit: a larger minimum sample holds the step.
    const bigger = start({ minSamples: 5000 });
    expect(decide(bigger, observe(healthy), T0 + 10 * MIN).state.canaryWeight).toBe(5);
    // Not-yet (too little data for the checks) holds it too.
    expect(decide(s, observe(thin), T0 + 10 * MIN).state.canaryWeight).toBe(5);
  });

  it('walks 5 → 25 → 50 → 100 → completed and promotes', () => {
    let s = start();
    const weights: number[] = [];
    let last: Decision | undefined;
    for (let i = 1; i <= 4; i++) {
      last = decide(s, observe(healthy), s.stepStartedAt + 10 * MIN);
      s = last.state;
      weights.push(s.canaryWeight);
    }
    expect(weights).toEqual([25, 50, 100, 100]);
    expect(s.phase).toBe('completed');
    expect(types(last!.effects)).toEqual(['moveAlias', 'setTrafficPlan', 'unloadModel']);
    expect(last!.effects.find((e) => e.type === 'unloadModel')).toEqual({ type: 'unloadModel', version: 'v1' });
    expect(derivePlan(s)).toMatchObject({ stable: 'v2', canaryWeight: 0, canary: null });
    expect(analysisRequest(s)).toBeNull();
    // Terminal: further observations change nothing.
    expect(decide(s, observe(erroring), s.updatedAt + MIN).changed).toBe(false);
  });

  it('rolls back on any fail, never to route to the candidate again', () => {
    const s = decide(start(), observe(healthy), T0 + 10 * MIN).state; // at 25 %
    const d = decide(s, observe(erroring), T0 + 12 * MIN);
    expect(d.state.phase).toBe('rolled-back');
    expect(events(d)).toEqual(['rolled_back']);
    expect(types(d.effects)).toEqual(['setTrafficPlan', 'unloadModel']);
    expect(derivePlan(d.state)).toEqual({ rolloutId: null, stable: 'v1', canary: null, canaryWeight: 0, shadow: null, preview: null });
    expect(d.state.outcome?.reason).toMatch(/Error rate/);
    // Change one limit: a lenient error bound lets the same observation pass.
    const lenient = resolveJudgeLimits({ errorRate: { max: 0.5, minDelta: 0.5 } });
    expect(decide(s, observe(erroring), T0 + 12 * MIN, lenient).state.phase).toBe('progressing');
    // Manual actions on a rolled-back rollout are rejected.
    expect(decide(d.state, { kind: 'resume', actor: 'bob', reason: '' }, T0 + 13 * MIN).rejection?.action).toBe('resume');
  });

  it('with a failure limit, rolls back only when more analyses than that fail in a row; a failing step never advances', () => {
    const once = resolveJudgeLimits({ failureLimit: 1 });
    const s = decide(start(), observe(healthy), T0 + 10 * MIN, once).state; // at 25 %
    // First failing look, bake long over: tolerated, but the step holds and nothing is applied.
    const first = decide(s, observe(erroring), T0 + 30 * MIN, once);
    expect(first.state.phase).toBe('progressing');
    expect(first.state.canaryWeight).toBe(25);
    expect(first.state.analysisFailures).toBe(1);
    expect(first.state.analysis?.verdict.status).toBe('fail');
    expect(first.effects).toEqual([]);
    expect(first.changed).toBe(true);
    // A second in a row rolls back, and says so.
    const second = decide(first.state, observe(erroring), T0 + 31 * MIN, once);
    expect(second.state.phase).toBe('rolled-back');
    expect(second.state.outcome?.reason).toMatch(/^Analysis failed 2 times in a row: Error rate/);
    // A passing look in between starts the count again (and may advance the step).
    const recovered = decide(first.state, observe(healthy), T0 + 31 * MIN, once);
    expect(recovered.state.analysisFailures).toBe(0);
    expect(recovered.state.canaryWeight).toBe(50);
    expect(decide(recovered.state, observe(erroring), T0 + 32 * MIN, once).state.phase).toBe('progressing');
    // A rollout stored before the counter existed counts from zero.
    const { analysisFailures: _dropped, ...legacy } = s;
    expect(decide(legacy, observe(erroring), T0 + 30 * MIN, once).state.analysisFailures).toBe(1);
  });

  it('pauses and notifies when checks stay not-yet past the maximum bake, then resumes with a fresh deadline', () => {
    const s = start({ maxBakeMs: 20 * MIN });
    expect(decide(s, observe(thin), T0 + 19 * MIN).state.phase).toBe('progressing');
    const d = decide(s, observe(thin), T0 + 20 * MIN);
    expect(d.state.phase).toBe('paused');
    expect(d.state.pause?.kind).toBe('inconclusive');
    expect(d.effects.find((e) => e.type === 'notify')).toMatchObject({ severity: 'warning', event: 'paused' });
    expect(derivePlan(d.state).canaryWeight).toBe(5); // traffic unchanged while paused
    // A tick alone (no observation) also pauses at the deadline.
    expect(decide(s, { kind: 'tick' }, T0 + 21 * MIN).state.phase).toBe('paused');
    // Still judged while paused: a fail rolls back.
    expect(decide(d.state, observe(erroring), T0 + 22 * MIN).state.phase).toBe('rolled-back');
    // A pass while paused does not advance.
    expect(decide(d.state, observe(healthy), T0 + 22 * MIN).state.canaryWeight).toBe(5);
    const resumed = decide(d.state, { kind: 'resume', actor: 'bob', reason: 'more traffic now' }, T0 + 30 * MIN);
    expect(resumed.state.phase).toBe('progressing');
    expect(resumed.state.stepDeadlineAt).toBe(T0 + 50 * MIN);
    expect(decide(resumed.state, observe(healthy), T0 + 31 * MIN).state.canaryWeight).toBe(25);
  });

  it('handles manual pause, promote, full promote, abort and rollback', () => {
    const s = start();
    const paused = decide(s, { kind: 'pause', actor: 'bob', reason: 'lunch' }, T0 + MIN);
    expect(paused.state.phase).toBe('paused');
    expect(decide(paused.state, { kind: 'pause', actor: 'bob', reason: '' }, T0 + MIN).rejection).not.toBeNull();
    expect(decide(s, { kind: 'resume', actor: 'bob', reason: '' }, T0 + MIN).rejection?.reason).toMatch(/Cannot resume rollout r-1 in phase progressing/);
    // A passing analysis does not advance a paused rollout.
    expect(decide(paused.state, observe(healthy), T0 + 11 * MIN).state.canaryWeight).toBe(5);
    const promoted = decide(paused.state, { kind: 'promote', actor: 'bob', reason: 'looks fine' }, T0 + 2 * MIN);
    expect(promoted.state.phase).toBe('progressing');
    expect(promoted.state.canaryWeight).toBe(25);
    expect(events(promoted)).toEqual(['promoted', 'step']);
    const full = decide(s, { kind: 'promote', actor: 'bob', reason: 'hotfix', full: true }, T0 + 2 * MIN);
    expect(full.state.phase).toBe('completed');
    expect(full.effects.find((e) => e.type === 'moveAlias')).toMatchObject({ version: 'v2', actor: 'bob' });
    const aborted = decide(s, { kind: 'abort', actor: 'bob', reason: 'wrong version' }, T0 + 2 * MIN);
    expect(aborted.state.phase).toBe('aborted');
    expect(derivePlan(aborted.state).stable).toBe('v1');
    expect(events(aborted)).toEqual(['aborted']);
    expect(decide(s, { kind: 'rollback', actor: 'bob', reason: 'pager' }, T0 + 2 * MIN).state.phase).toBe('rolled-back');
  });

  it('pauses after repeated analysis errors and rolls back when a critical effect fails', () => {
    let s = start();
    for (let i = 1; i < MAX_ANALYSIS_ERRORS; i++) s = decide(s, { kind: 'analysisError', message: 'db down' }, T0 + i).state;
    expect(s.phase).toBe('progressing');
    s = decide(s, { kind: 'analysisError', message: 'db down' }, T0 + 10).state;
    expect(s.phase).toBe('paused');
    expect(s.pause?.kind).toBe('error');
    const failedLoad = decide(start(), { kind: 'effectFailed', effect: 'loadModel', version: 'v2', message: 'checksum mismatch' }, T0 + 1);
    expect(failedLoad.state.phase).toBe('rolled-back');
    expect(failedLoad.state.outcome?.reason).toMatch(/Could not loadModel v2: checksum mismatch/);
    expect(decide(start(), { kind: 'effectFailed', effect: 'notify', message: 'webhook 500' }, T0 + 1).changed).toBe(false);
  });

  it('ignores a stale observation of the wrong kind', () => {
    const s = start();
    expect(decide(s, observe({ kind: 'shadow', observation: syntheticShadow() }), T0 + 10 * MIN).state.analysis).toBeNull();
  });
});

describe('shadow truth table', () => {
  const shadowOk = observe({ kind: 'shadow', observation: syntheticShadow(500, 0) });
  const shadowBad = observe({ kind: 'shadow', observation: syntheticShadow(500, 0.3) });

  it('mirrors, never answers, and completes without promotion when the comparison passes', () => {
    const d0 = startRollout({ ...BASE, options: { strategy: 'shadow', bakeMs: 10 * MIN, mirrorPercent: 50 } }, T0);
    expect(derivePlan(d0.state)).toMatchObject({ stable: 'v1', canary: null, canaryWeight: 0, shadow: { version: 'v2', mirrorPercent: 50 } });
    expect(analysisRequest(d0.state)?.kind).toBe('shadow');
    const d = decide(d0.state, shadowOk, T0 + 10 * MIN);
    expect(d.state.phase).toBe('completed');
    expect(types(d.effects)).toEqual(['setTrafficPlan', 'unloadModel']); // no moveAlias
    expect(derivePlan(d.state).stable).toBe('v1');
  });

  it('continues with a canary when asked', () => {
    const d0 = startRollout({ ...BASE, options: { strategy: 'shadow', thenCanary: true, bakeMs: 10 * MIN } }, T0);
    const d = decide(d0.state, shadowOk, T0 + 10 * MIN);
    expect(d.state.phase).toBe('progressing');
    expect(derivePlan(d.state)).toMatchObject({ canary: 'v2', canaryWeight: 5, shadow: null });
    expect(analysisRequest(d.state)?.kind).toBe('canary');
  });

  it('rolls back when the comparison fails; more tolerant limits let it pass', () => {
    const d0 = startRollout({ ...BASE, options: { strategy: 'shadow', bakeMs: 10 * MIN } }, T0);
    expect(decide(d0.state, shadowBad, T0 + 5 * MIN).state.phase).toBe('rolled-back');
    const tolerant = resolveJudgeLimits({ shadow: { maxMeanDelta: 1, maxP95Delta: 1, minAgreement: 0 }, riskDistribution: { failPsi: 100, warnPsi: 100 } });
    expect(decide(d0.state, shadowBad, T0 + 10 * MIN, tolerant).state.phase).toBe('completed');
  });
});

describe('blue-green truth table', () => {
  const bg = () => startRollout({ ...BASE, options: { strategy: 'blue-green', bakeMs: 10 * MIN } }, T0);

  it('previews, smoke-tests, switches at once, keeps the old version until the bake ends', () => {
    const d0 = bg();
    expect(types(d0.effects)).toEqual(['loadModel', 'setTrafficPlan', 'runSmokeTest']);
    expect(derivePlan(d0.state)).toMatchObject({ stable: 'v1', preview: 'v2', canaryWeight: 0 });
    expect(analysisRequest(d0.state)).toBeNull();
    const d1 = decide(d0.state, { kind: 'smokeTestResult', passed: true, summary: '20/20 outputs identical' }, T0 + MIN);
    expect(derivePlan(d1.state)).toMatchObject({ stable: 'v1', canary: 'v2', canaryWeight: 100, preview: null });
    expect(d1.state.switched).toBe(true);
    // After the switch the baseline is the old version's traffic just before it.
    const request = analysisRequest(d1.state)!;
    expect(request.baseline).toMatchObject({ version: 'v1', since: T0 + MIN - 10 * MIN, until: T0 + MIN });
    // An instant rollback during the bake: the old version was never unloaded.
    const back = decide(d1.state, observe(erroring), T0 + 3 * MIN);
    expect(back.state.phase).toBe('rolled-back');
    expect(types(back.effects)).toEqual(['setTrafficPlan', 'unloadModel']);
    expect(back.effects.find((e) => e.type === 'unloadModel')).toEqual({ type: 'unloadModel', version: 'v2' });
    // A good bake completes, then (only then) unloads the old version.
    const done = decide(d1.state, observe(healthy), T0 + 11 * MIN);
    expect(done.state.phase).toBe('completed');
    expect(done.effects.filter((e) => e.type === 'unloadModel')).toEqual([{ type: 'unloadModel', version: 'v1' }]);
  });

  it('rolls back on a failed smoke test and ignores a late result', () => {
    const d = decide(bg().state, { kind: 'smokeTestResult', passed: false, summary: '3 of 20 outputs differ' }, T0 + MIN);
    expect(d.state.phase).toBe('rolled-back');
    expect(d.state.outcome?.reason).toMatch(/3 of 20/);
    expect(decide(d.state, { kind: 'smokeTestResult', passed: true, summary: 'late' }, T0 + 2 * MIN).changed).toBe(false);
  });
});
