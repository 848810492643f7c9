import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { Router } from './router.js';
import { BUCKET_COUNT, bucketWithin, stickyBucket } from './sticky-bucket.js';
import { assertTrafficPlan, stablePlan, type TrafficPlan } from './traffic-plan.js';

const KEY = 'test-sticky-key';
const patients = Array.from({ length: 20_000 }, (_, i) => `patient-${i}`);

function canaryPlan(weight: number, rolloutId = 'r-1'): TrafficPlan {
  return { rolloutId, stable: 'v1', canary: 'v2', canaryWeight: weight, shadow: null, preview: null };
}

describe('stickyBucket', () => {
  it('is deterministic, within range, keyed and specific to the rollout', () => {
    expect(stickyBucket(KEY, 'r-1', 'p')).toBe(stickyBucket(KEY, 'r-1', 'p'));
    const buckets = patients.map((p) => stickyBucket(KEY, 'r-1', p));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(BUCKET_COUNT);
    const otherKey = patients.filter((p) => stickyBucket('other-key', 'r-1', p) === stickyBucket(KEY, 'r-1', p)).length;
    const otherRollout = patients.filter((p) => stickyBucket(KEY, 'r-2', p) === stickyBucket(KEY, 'r-1', p)).length;
    expect(otherKey).toBeLessThan(20); // ~2 expected by chance
    expect(otherRollout).toBeLessThan(20);
    // Parts are separated: ('a','bc') ≠ ('ab','c').
    expect(stickyBucket(KEY, 'a', 'bc')).not.toBe(stickyBucket(KEY, 'ab', 'c'));
  });

  it('spreads patients evenly (each tenth of the buckets gets about a tenth)', () => {
    const counts = new Array<number>(10).fill(0);
    for (const p of patients) counts[Math.floor(stickyBucket(KEY, 'r-1', p) / 1000)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200); // > 4.5 σ
  });

  it('maps weights to bucket ranges, fractional weights included', () => {
    expect(bucketWithin(0, 0)).toBe(false);
    expect(bucketWithin(499, 5)).toBe(true);
    expect(bucketWithin(500, 5)).toBe(false);
    expect(bucketWithin(49, 0.5)).toBe(true);
    expect(bucketWithin(9999, 100)).toBe(true);
  });
});

describe('Router stickiness (property over many patients and weights)', () => {
  it('a patient on the canary at a weight stays on it at every larger weight', () => {
    const router = new Router({ key: KEY });
    const weights = [0, 1, 5, 10, 25, 33.3, 50, 75, 100];
    let previous = new Set<string>();
    for (const w of weights) {
      router.setPlan(canaryPlan(w));
      const onCanary = new Set(patients.filter((p) => router.route({ patientId: p, preview: false }).arm === 'canary'));
      for (const p of previous) expect(onCanary.has(p)).toBe(true);
      // The share matches the weight (binomial, 20,000 patients).
      expect(Math.abs(onCanary.size / patients.length - w / 100)).toBeLessThan(0.015);
      // And routing the same patient again never changes its arm.
      for (const p of patients.slice(0, 500)) expect(router.route({ patientId: p, preview: false }).arm).toBe(onCanary.has(p) ? 'canary' : 'stable');
      previous = onCanary;
    }
    expect(previous.size).toBe(patients.length);
  });

  it('assigns requests without a patient id at random, by weight', () => {
    const draws = [0.01, 0.2, 0.049, 0.05, 0.99];
    let i = 0;
    const router = new Router({ key: KEY, plan: canaryPlan(5), random: () => draws[i++ % draws.length] });
    const arms = draws.map(() => router.route({ patientId: null, preview: false }).arm);
    expect(arms).toEqual(['canary', 'stable', 'canary', 'stable', 'stable']);
  });
});

describe('Router decisions', () => {
  it('throws NO_PRODUCTION_MODEL before any plan and keeps the old plan on a bad one', () => {
    const router = new Router({ key: KEY });
    expect(router.stableVersion()).toBeNull();
    try {
      router.route({ patientId: 'p', preview: false });
      expect.unreachable();
    } catch (e) {
      expect(isRiskgateError(e, 'NO_PRODUCTION_MODEL')).toBe(true);
    }
    router.setPlan(stablePlan('v1'));
    expect(() => router.setPlan({ stable: 'v1', canaryWeight: 30 })).toThrow(/needs a canary/);
    expect(router.plan()).toEqual(stablePlan('v1'));
    expect(router.route({ patientId: 'p', preview: false })).toEqual({ arm: 'stable', version: 'v1', shadowVersion: null, rolloutId: null });
  });

  it('serves the preview only to preview requests, and mirrors a share to the shadow', () => {
    const router = new Router({ key: KEY, plan: { rolloutId: 'r-9', stable: 'v1', canaryWeight: 0, preview: 'v2' } });
    expect(router.route({ patientId: 'p', preview: true })).toEqual({ arm: 'preview', version: 'v2', rolloutId: 'r-9' });
    expect(router.route({ patientId: 'p', preview: false }).version).toBe('v1');
    router.setPlan({ rolloutId: 'r-9', stable: 'v1', canaryWeight: 0, shadow: { version: 'v2', mirrorPercent: 30 } });
    const mirrored = patients.filter((p) => router.route({ patientId: p, preview: false }).shadowVersion === 'v2').length;
    expect(Math.abs(mirrored / patients.length - 0.3)).toBeLessThan(0.015);
    expect(patients.every((p) => router.route({ patientId: p, preview: false }).version === 'v1')).toBe(true);
    router.setPlan({ rolloutId: 'r-9', stable: 'v1', canaryWeight: 0, shadow: { version: 'v2', mirrorPercent: 100 } });
    expect(router.route({ patientId: 'x', preview: false }).shadowVersion).toBe('v2');
  });

  it('rejects impossible plans', () => {
    expect(() => assertTrafficPlan({ stable: '', canaryWeight: 0 })).toThrow(/stable/);
    expect(() => assertTrafficPlan({ stable: 'v1', canary: 'v2', canaryWeight: 120 })).toThrow(/0–100/);
    expect(() => assertTrafficPlan({ stable: 'v1', canaryWeight: 0, shadow: { version: 'v2', mirrorPercent: -1 } })).toThrow(/mirrorPercent/);
  });
});
