import { describe, expect, it } from 'vitest';
import { AlertEvaluator, type AlertState } from './alert-evaluator.js';
import { EMPTY_SNAPSHOT, type AlertSnapshot } from './alert-snapshot.js';

const arm = (requests: number, errors: number, p95Ms = 50) => ({ modelVersion: '1.3.0', arm: 'canary', requests, errors, p95Ms });
const snap = (s: Partial<AlertSnapshot>): AlertSnapshot => ({ ...EMPTY_SNAPSHOT, ...s });
const rules = (e: AlertEvaluator, s: AlertSnapshot, now = 0) => e.conditions(s, now).map((c) => `${c.rule}:${c.key}`);

describe('AlertEvaluator.conditions (the runbook rules)', () => {
  const e = new AlertEvaluator();

  it('error rate: > 1 % warns, > 5 % is critical, below the minimum sample nothing', () => {
    expect(rules(e, snap({ arms: [arm(1000, 10)] }))).toEqual([]); // exactly 1 %: not above
    expect(rules(e, snap({ arms: [arm(1000, 11)] }))).toEqual(['HighErrorRate:1.3.0/canary']);
    expect(rules(e, snap({ arms: [arm(1000, 51)] }))).toEqual(['CriticalErrorRate:1.3.0/canary', 'HighErrorRate:1.3.0/canary']);
    expect(rules(e, snap({ arms: [arm(19, 19)] }))).toEqual([]);
    expect(rules(new AlertEvaluator({ errorRateCritical: null }), snap({ arms: [arm(100, 50)] }))).toEqual(['HighErrorRate:1.3.0/canary']);
  });

  it('p95 latency > 200 ms', () => {
    expect(rules(e, snap({ arms: [arm(100, 0, 200)] }))).toEqual([]);
    expect(rules(e, snap({ arms: [arm(100, 0, 201)] }))).toEqual(['HighLatencyP95:1.3.0/canary']);
    expect(rules(new AlertEvaluator({ latencyP95Ms: 300 }), snap({ arms: [arm(100, 0, 250)] }))).toEqual([]);
  });

  it('realized accuracy < 0.80 once enough cases are labelled', () => {
    expect(rules(e, snap({ accuracy: [{ modelVersion: '1.2.0', value: 0.79, n: 30 }] }))).toEqual(['LowRealizedAccuracy:1.2.0']);
    expect(rules(e, snap({ accuracy: [{ modelVersion: '1.2.0', value: 0.79, n: 29 }] }))).toEqual([]);
    expect(rules(e, snap({ accuracy: [{ modelVersion: '1.2.0', value: 0.8, n: 300 }] }))).toEqual([]);
    expect(rules(e, snap({ accuracy: [{ modelVersion: '1.2.0', value: Number.NaN, n: 300 }] }))).toEqual([]);
  });

  it('memory > 85 %, unknown memory never fires', () => {
    expect(rules(e, snap({ memoryFraction: 0.86 }))).toEqual(['HighMemory:']);
    expect(rules(e, snap({ memoryFraction: 0.85 }))).toEqual([]);
    expect(rules(e, snap({ memoryFraction: Number.NaN }))).toEqual([]);
  });

  it('feature drift: PSI > 0.25 with a significant shift', () => {
    expect(rules(e, snap({ drift: [{ modelVersion: '1.2.0', feature: 'chol', psi: 0.3, significant: true }] }))).toEqual(['FeatureDrift:1.2.0/chol']);
    expect(rules(e, snap({ drift: [{ modelVersion: '1.2.0', feature: 'chol', psi: 0.3, significant: false }] }))).toEqual([]);
    expect(rules(e, snap({ drift: [{ modelVersion: '1.2.0', feature: 'chol', psi: 0.2, significant: true }] }))).toEqual([]);
  });

  it('a breaker open, a rollout paused, a recent rollback', () => {
    expect(rules(e, snap({ breakers: [{ modelVersion: '1.3.0', open: true }, { modelVersion: '1.2.0', open: false }] }))).toEqual(['BreakerOpen:1.3.0']);
    expect(rules(new AlertEvaluator({ breakerOpen: false }), snap({ breakers: [{ modelVersion: '1.3.0', open: true }] }))).toEqual([]);
    const rollouts = [{ id: 'r1', phase: 'paused', since: 0 }, { id: 'r2', phase: 'rolled_back', since: 1000 }, { id: 'r3', phase: 'progressing', since: 0 }];
    expect(rules(e, snap({ rollouts }), 2000)).toEqual(['RolloutPaused:r1', 'RolloutRolledBack:r2']);
    expect(rules(e, snap({ rollouts }), 1000 + 3_600_000)).toEqual(['RolloutPaused:r1']);
  });
});

describe('AlertEvaluator.step (firing and resolving once)', () => {
  const e = new AlertEvaluator({ forMs: 60_000, resolveAfterMs: 30_000 });
  const bad = snap({ memoryFraction: 0.9 });
  const good = snap({ memoryFraction: 0.5 });

  it('pends for forMs, fires once, stays quiet while firing, resolves after resolveAfterMs', () => {
    let state: AlertState = new Map();
    const types: string[] = [];
    const tick = (s: AlertSnapshot, now: number) => {
      const r = e.step(state, s, now);
      state = r.state;
      types.push(r.transitions.map((t) => `${t.type}@${t.at}`).join(',') || '-');
      return r;
    };
    tick(bad, 0); // pending
    expect([...state.values()][0].phase).toBe('pending');
    tick(bad, 30_000); // still pending
    tick(bad, 60_000); // fires
    tick(bad, 90_000); // keeps firing, no repeat
    tick(good, 100_000); // absent 10 s: still firing
    tick(good, 120_001); // absent 30 s since last seen at 90 s: resolves
    tick(good, 200_000); // nothing left
    expect(types).toEqual(['-', '-', 'firing@60000', '-', '-', 'resolved@120001', '-']);
    expect(state.size).toBe(0);
  });

  it('forgets a pending alert that stops holding, without any transition', () => {
    const s1 = e.step(new Map(), bad, 0);
    const s2 = e.step(s1.state, good, 10_000);
    expect(s2.transitions).toEqual([]);
    expect(s2.state.size).toBe(0);
  });

  it('a new occurrence after resolving is a new incident', () => {
    const now0 = new AlertEvaluator({ forMs: 0, resolveAfterMs: 0 });
    const a = now0.step(new Map(), bad, 0);
    const b = now0.step(a.state, good, 1);
    const c = now0.step(b.state, bad, 2);
    expect([a, b, c].map((x) => x.transitions.map((t) => t.type))).toEqual([['firing'], ['resolved'], ['firing']]);
    expect(c.transitions[0].alert.since).toBe(2);
  });
});
