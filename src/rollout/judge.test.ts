import { describe, expect, it } from 'vitest';
import { EMPTY_ARM, type ArmObservation } from './arm-observation.js';
import { judgeCanary } from './judge.js';
import { DEFAULT_JUDGE_LIMITS, resolveJudgeLimits } from './judge-limits.js';
import { judgeShadow } from './judge-shadow.js';
import { mulberry32 as seeded, type LabelledScore } from '../stats/index.js';
import type { CheckName, Verdict } from './verdict.js';


interface ArmShape {
  n?: number; errors?: number; latencyMs?: number; latencySpread?: number; riskShift?: number;
  outcomes?: number; invert?: boolean; breaker?: boolean; memory?: number; seed?: number;
}

/** A healthy-looking arm, with one thing changed at a time through `shape`. */
function arm(shape: ArmShape = {}): ArmObservation {
  const rand = seeded(shape.seed ?? 1);
  const n = shape.n ?? 1000;
  const latenciesMs = Array.from({ length: n }, () => (shape.latencyMs ?? 10) * (1 + (shape.latencySpread ?? 0.5) * rand()));
  const probabilities = Array.from({ length: n }, () => Math.min(1, rand() * 0.8 + (shape.riskShift ?? 0)));
  const outcomes: LabelledScore[] = Array.from({ length: shape.outcomes ?? 0 }, () => {
    const outcome = rand() < 0.45 ? 1 : 0;
    // A good model: risk high for positives, low for negatives (accuracy ≈ 0.9).
    let probability = outcome === 1 ? 0.4 + rand() * 0.6 : rand() * 0.6;
    if (shape.invert) probability = 1 - probability;
    return { probability, outcome: outcome as 0 | 1 };
  });
  return {
    requests: n, errors: shape.errors ?? 0, latenciesMs, probabilities, outcomes,
    breakerOpened: shape.breaker ?? false, memoryFraction: shape.memory ?? 0.4,
  };
}

function status(verdict: Verdict, name: CheckName): string | undefined {
  return verdict.checks.find((c) => c.name === name)?.status;
}

describe('judgeCanary truth table', () => {
  const baseline = arm({ seed: 2, errors: 5 });

  it('passes a healthy canary and explains every check', () => {
    const v = judgeCanary(arm({ seed: 3, errors: 6 }), baseline);
    expect(v.status).toBe('pass');
    for (const c of v.checks) expect(c.sentence.length).toBeGreaterThan(10);
    expect(status(v, 'outcomes')).toBe('not-yet'); // optional: does not hold the verdict
  });

  it('error rate: absolute bound, then relative test, then limit changes', () => {
    expect(status(judgeCanary(arm({ errors: 60 }), baseline), 'error-rate')).toBe('fail'); // 6 % > 5 %
    // 4 % is under the bound but significantly above baseline's 0.5 %.
    const v = judgeCanary(arm({ errors: 40 }), baseline);
    expect(status(v, 'error-rate')).toBe('fail');
    expect(v.status).toBe('fail');
    // Raise the tolerated delta above the gap: passes.
    const lenient = resolveJudgeLimits({ errorRate: { minDelta: 0.05 } });
    expect(status(judgeCanary(arm({ errors: 40 }), baseline, lenient), 'error-rate')).toBe('pass');
    // Lower the absolute bound below 4 %: fails again.
    expect(status(judgeCanary(arm({ errors: 40 }), baseline, resolveJudgeLimits({ errorRate: { max: 0.03, minDelta: 0.05 } })), 'error-rate')).toBe('fail');
  });

  it('error rate: not-yet below the minimum sample, unless the breach is already certain', () => {
    expect(status(judgeCanary(arm({ n: 50, errors: 1 }), baseline), 'error-rate')).toBe('not-yet');
    expect(status(judgeCanary(arm({ n: 50, errors: 6 }), baseline), 'error-rate')).toBe('fail');
    expect(status(judgeCanary(arm({ n: 50, errors: 1 }), baseline, resolveJudgeLimits({ errorRate: { minRequests: 40 } })), 'error-rate')).toBe('pass');
  });

  it('latency: p99 bound, p95 ratio, Mann-Whitney with tolerance', () => {
    expect(status(judgeCanary(arm({ latencyMs: 900 }), baseline), 'latency')).toBe('fail'); // p99 ≈ 1350 ms
    expect(status(judgeCanary(arm({ latencyMs: 900 }), baseline, resolveJudgeLimits({ latency: { maxP99Ms: 5000, maxP95Ratio: 1000, tolerance: 1000 } })), 'latency')).toBe('pass');
    expect(status(judgeCanary(arm({ latencyMs: 25 }), baseline), 'latency')).toBe('fail'); // p95 2.5× baseline
    // 40 % slower: beyond the 25 % tolerance, under the 2× ratio → Mann-Whitney fails it.
    const slower = judgeCanary(arm({ latencyMs: 14 }), baseline);
    expect(status(slower, 'latency')).toBe('fail');
    expect(slower.checks.find((c) => c.name === 'latency')?.sentence).toMatch(/Mann-Whitney/);
    expect(status(judgeCanary(arm({ latencyMs: 14 }), baseline, resolveJudgeLimits({ latency: { tolerance: 0.6 } })), 'latency')).toBe('pass');
    // 10 % slower is within tolerance.
    expect(status(judgeCanary(arm({ latencyMs: 11 }), baseline), 'latency')).toBe('pass');
    expect(status(judgeCanary(arm({ n: 20 }), baseline), 'latency')).toBe('not-yet');
  });

  it('memory: bound and unmeasured', () => {
    expect(status(judgeCanary(arm({ memory: 0.95 }), baseline), 'memory')).toBe('fail');
    expect(status(judgeCanary(arm({ memory: 0.95 }), baseline, resolveJudgeLimits({ memory: { maxFraction: 0.97 } })), 'memory')).toBe('pass');
    expect(status(judgeCanary(arm({ memory: Number.NaN }), baseline), 'memory')).toBe('not-yet');
  });

  it('risk distribution: warn, fail, not-yet', () => {
    expect(status(judgeCanary(arm({ riskShift: 0.07 }), baseline), 'risk-distribution')).toBe('warn');
    expect(judgeCanary(arm({ riskShift: 0.07 }), baseline).status).toBe('warn');
    expect(status(judgeCanary(arm({ riskShift: 0.4 }), baseline), 'risk-distribution')).toBe('fail');
    expect(status(judgeCanary(arm({ riskShift: 0.4 }), baseline, resolveJudgeLimits({ riskDistribution: { failPsi: 10, warnPsi: 10 } })), 'risk-distribution')).toBe('pass');
    expect(status(judgeCanary(arm({ n: 60 }), baseline), 'risk-distribution')).toBe('not-yet');
    // Small samples of one distribution: ten bins over 20 predictions would read as a shift;
    // bins shrink to keep ten expected a bin, so same-model arms never fail (noise may still
    // warn, which does not block a step) and a real shift still fails.
    const small = resolveJudgeLimits({ riskDistribution: { minSamples: 20 } });
    for (const seed of [2, 3, 4, 5, 6]) {
      expect(status(judgeCanary(arm({ n: 20, seed }), arm({ n: 400, seed: seed + 100 }), small), 'risk-distribution')).not.toBe('fail');
    }
    expect(status(judgeCanary(arm({ n: 20, riskShift: 0.6 }), arm({ n: 400, seed: 9 }), small), 'risk-distribution')).toBe('fail');
  });

  it('outcomes: accuracy bound, AUC against baseline, optional not-yet', () => {
    const labelledBaseline = arm({ seed: 2, errors: 5, outcomes: 300 });
    expect(status(judgeCanary(arm({ outcomes: 300 }), labelledBaseline), 'outcomes')).toBe('pass');
    const inverted = judgeCanary(arm({ outcomes: 300, invert: true }), labelledBaseline);
    expect(status(inverted, 'outcomes')).toBe('fail');
    expect(inverted.status).toBe('fail');
    // With the accuracy bound lowered to 0, the AUC comparison still catches the inversion.
    const aucOnly = judgeCanary(arm({ outcomes: 300, invert: true }), labelledBaseline, resolveJudgeLimits({ outcomes: { minAccuracy: 0 } }));
    expect(status(aucOnly, 'outcomes')).toBe('fail');
    expect(aucOnly.checks.find((c) => c.name === 'outcomes')?.sentence).toMatch(/AUC/);
    // Required instead of optional: missing outcomes hold the verdict at not-yet.
    expect(judgeCanary(arm(), baseline, resolveJudgeLimits({ optionalChecks: [] })).status).toBe('not-yet');
  });

  it('circuit breaker: opened fails, no traffic is not-yet', () => {
    expect(status(judgeCanary(arm({ breaker: true }), baseline), 'circuit-breaker')).toBe('fail');
    expect(judgeCanary(EMPTY_ARM, baseline).checks.find((c) => c.name === 'circuit-breaker')?.status).toBe('not-yet');
  });

  it('never passes on no data', () => {
    const v = judgeCanary(EMPTY_ARM, EMPTY_ARM);
    expect(v.status).toBe('not-yet');
    expect(v.summary).toMatch(/Not enough data/);
  });
});

describe('judgeShadow truth table', () => {
  function shadowObservation(shift: number, n = 500, flipEvery = 0) {
    const rand = seeded(9);
    const pairs = Array.from({ length: n }, (_, i) => {
      const primary = rand();
      let shadow = Math.min(1, Math.max(0, primary + shift + (rand() - 0.5) * 0.04));
      if (flipEvery > 0 && i % flipEvery === 0) shadow = 1 - primary;
      return { primary, shadow };
    });
    return { primary: arm({ n, seed: 4 }), shadow: arm({ n, seed: 5 }), pairs };
  }

  it('passes a near-identical shadow', () => {
    const v = judgeShadow(shadowObservation(0));
    expect(v.status).toBe('pass');
    expect(v.checks.map((c) => c.name)).toEqual(['agreement', 'probability-delta', 'risk-distribution', 'latency', 'error-rate']);
  });

  it('fails on disagreement, then passes when the limit is relaxed', () => {
    const obs = shadowObservation(0, 500, 4); // a quarter of requests flipped
    expect(status(judgeShadow(obs), 'agreement')).toBe('fail');
    expect(status(judgeShadow(obs, resolveJudgeLimits({ shadow: { minAgreement: 0.5, maxMeanDelta: 1, maxP95Delta: 1 } })), 'agreement')).toBe('pass');
  });

  it('fails on large probability differences', () => {
    const v = judgeShadow(shadowObservation(0.3));
    expect(status(v, 'probability-delta')).toBe('fail');
    expect(v.checks.find((c) => c.name === 'probability-delta')?.numbers.max).toBeGreaterThan(0.25);
  });

  it('is not-yet below the minimum of pairs', () => {
    expect(judgeShadow(shadowObservation(0, 50)).status).toBe('not-yet');
    expect(judgeShadow(shadowObservation(0, 50), resolveJudgeLimits({ shadow: { minPairs: 10 }, riskDistribution: { minSamples: 10 }, latency: { minSamples: 10 }, errorRate: { minRequests: 10 } })).status).toBe('pass');
  });

  it('keeps the documented defaults', () => {
    expect(DEFAULT_JUDGE_LIMITS.errorRate.max).toBe(0.05);
    expect(DEFAULT_JUDGE_LIMITS.latency.maxP99Ms).toBe(1000);
    expect(DEFAULT_JUDGE_LIMITS.memory.maxFraction).toBe(0.9);
    expect(DEFAULT_JUDGE_LIMITS.outcomes.minAccuracy).toBe(0.8);
    expect(DEFAULT_JUDGE_LIMITS.latency.confidence).toBe(0.98);
  });
});
