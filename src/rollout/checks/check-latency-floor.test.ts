import { describe, expect, it } from 'vitest';
import { EMPTY_ARM, type ArmObservation } from '../arm-observation.js';
import { DEFAULT_JUDGE_LIMITS } from '../judge-limits.js';
import { checkLatency } from './check-latency.js';

/** An arm whose n latencies spread evenly over [ms, ms × 1.5]. */
function arm(ms: number, n = 200): ArmObservation {
  return { ...EMPTY_ARM, requests: n, latenciesMs: Array.from({ length: n }, (_, i) => ms * (1 + (0.5 * i) / n)) };
}

const limits = DEFAULT_JUDGE_LIMITS.latency;

describe('checkLatency: the absolute floor of the relative parts (minDeltaMs)', () => {
  it('a sub-millisecond service 3× slower than its baseline by 0.1 ms passes', () => {
    expect(checkLatency(arm(0.15), arm(0.05), limits).status).toBe('pass');
  });

  it('the same gap fails once the floor is removed (ratio and Mann-Whitney both see it)', () => {
    expect(checkLatency(arm(0.15), arm(0.05), { ...limits, minDeltaMs: 0 }).status).toBe('fail');
  });

  it('a slowdown beyond the floor still fails on the p95 ratio', () => {
    const r = checkLatency(arm(6), arm(1), limits);
    expect(r.status).toBe('fail');
    expect(r.sentence).toMatch(/p95 more than 2×/);
  });

  it('a slowdown beyond the floor still fails on Mann-Whitney when under the ratio', () => {
    const r = checkLatency(arm(14), arm(10), limits);
    expect(r.status).toBe('fail');
    expect(r.sentence).toMatch(/Mann-Whitney/);
    expect(checkLatency(arm(14), arm(10), { ...limits, minDeltaMs: 10 }).status).toBe('pass');
  });
});
