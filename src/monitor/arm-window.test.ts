import { describe, expect, it } from 'vitest';
import { quantile } from '../stats/index.js';
import type { AlertSnapshot } from './alert-snapshot.js';
import { ArmWindow } from './arm-window.js';
import { ArmWindows } from './arm-windows.js';

const MIN = 60_000;

describe('ArmWindow', () => {
  it('counts only entries inside the time window and produces the judge observation', () => {
    const w = new ArmWindow({ capacity: 100, windowMs: 10 * MIN, featureCount: 2 });
    w.record({ at: 0, latencyMs: 500, error: false, probability: 0.9, row: [1, 2] }); // too old at now
    for (let k = 1; k <= 10; k++) w.record({ at: 5 * MIN + k, latencyMs: k, error: k === 10, probability: k / 10, row: [k, Number.NaN] });
    w.recordOutcome(6 * MIN, { probability: 0.3, outcome: 1 });
    w.recordOutcome(1, { probability: 0.8, outcome: 0 }); // too old
    const now = 12 * MIN;
    const obs = w.observe(now, { breakerOpened: true, memoryFraction: 0.4 });
    expect(obs.requests).toBe(10);
    expect(obs.errors).toBe(1);
    expect(obs.latenciesMs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(obs.probabilities).toHaveLength(9); // the error carries no probability
    expect(obs.outcomes).toEqual([{ probability: 0.3, outcome: 1 }]);
    expect(obs.breakerOpened).toBe(true);
    expect(obs.memoryFraction).toBe(0.4);
    const s = w.summarize(now);
    expect(s.errorRate).toBeCloseTo(0.1);
    expect(s.p95Ms).toBeCloseTo(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95));
    const d = w.driftSample(now);
    expect(d.n).toBe(9);
    expect(Array.from(d.x.subarray(0, 4))).toEqual([1, Number.NaN, 2, Number.NaN]);
    expect(d.probabilities[8]).toBeCloseTo(0.9);
  });

  it('samples drift from the whole window, evenly, past the row limit', () => {
    const w = new ArmWindow({ capacity: 100, windowMs: 1e12, featureCount: 1 });
    for (let k = 0; k < 100; k++) w.record({ at: k, latencyMs: 1, error: k === 3, probability: 0.5, row: [k] });
    expect(w.driftSample(100).n).toBe(99);
    const d = w.driftSample(100, 10);
    expect(d.n).toBe(10);
    // Rows 0…99 without the failed row 3: every 9.9th of the 99 left.
    expect(Array.from(d.x)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('stays bounded: the ring keeps the newest `capacity` entries', () => {
    const w = new ArmWindow({ capacity: 5, windowMs: 1e12, featureCount: 1 });
    for (let k = 0; k < 12; k++) w.record({ at: k, latencyMs: k, error: false, probability: 0.5, row: [k] });
    const obs = w.observe(100, { breakerOpened: false, memoryFraction: 0 });
    expect(obs.latenciesMs).toEqual([7, 8, 9, 10, 11]);
    expect(Array.from(w.driftSample(100).x)).toEqual([7, 8, 9, 10, 11]);
  });

  it('is empty-safe: no requests gives NaN rates rather than zero', () => {
    const s = new ArmWindow({ capacity: 3, windowMs: MIN, featureCount: 0 }).summarize(0);
    expect(s.requests).toBe(0);
    expect(s.errorRate).toBeNaN();
    expect(s.p95Ms).toBeNaN();
  });
});

describe('ArmWindows', () => {
  it('keys windows by version and arm and drops the oldest past the bound', () => {
    const ws = new ArmWindows({ capacity: 2, windowMs: MIN, featureCount: 0 }, 2);
    const a = ws.get('1.0.0', 'stable');
    expect(ws.get('1.0.0', 'stable')).toBe(a);
    ws.get('1.1.0', 'canary');
    ws.get('1.2.0', 'canary');
    expect(ws.has('1.0.0', 'stable')).toBe(false);
    expect(ws.list().map((e) => `${e.modelVersion}/${e.arm}`)).toEqual(['1.1.0/canary', '1.2.0/canary']);
    ws.record({ modelVersion: '1.2.0', arm: 'canary', at: 10, latencyMs: 7, error: true });
    const arms: AlertSnapshot['arms'] = ws.summaries(20);
    expect(arms).toMatchObject([{ modelVersion: '1.2.0', arm: 'canary', requests: 1, errors: 1, p95Ms: 7 }]);
  });
});
