import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/index.js';
import type { Model } from '../model/index.js';
import { buildSmokeSet, checkSmokeSet, heartValidationSet, type ModelEvaluation, type SubgroupResult } from '../registry/index.js';
import { heartTrainingPool } from '../registry/registry-test-support.js';
import { trainHeart } from './gates-test-support.js';
import { judgeCompatibility, judgeDocumentation, judgeStability, REQUIRED_CARD_SECTIONS } from './judge-artifact.js';
import { judgeFairness } from './judge-fairness.js';
import { judgeLatency, robustP99 } from './judge-latency.js';
import { judgeOperatingPoint } from './judge-operating-point.js';
import { measureLatency, processCpuMs } from './measure-latency.js';

const t = DEFAULTS.gates;

describe('latency', () => {
  it('measures each call with the given clock', () => {
    let now = 0;
    const model = trainHeart(heartTrainingPool(), 'logistic');
    const v = heartValidationSet();
    const samples = measureLatency(model, v.data.x, v.data.n, { samples: 50, warmup: 3, clock: () => (now += 0.25) });
    expect(samples).toHaveLength(50);
    expect([...new Set(samples)]).toEqual([0.25]);
  });

  it('judges the p99 as the median of five rounds, so one burst does not decide', () => {
    const steady = new Float64Array(2000).fill(0.05);
    for (let i = 0; i < 20; i++) steady[i] = 30; // one burst, all in the first round
    expect(judgeLatency(steady, t).details.overallP99).toBeLessThan(1);
    const burst = Float64Array.from(steady);
    for (let i = 0; i < 40; i++) burst[i] = 30;
    expect(judgeLatency(burst, t).details.overallP99).toBe(30);
    expect(robustP99(burst)).toBe(0.05);
    expect(judgeLatency(burst, t).status).toBe('pass');
    const slowEverywhere = Float64Array.from({ length: 2000 }, (_, i) => (i % 50 === 0 ? 5 : 0.05));
    expect(judgeLatency(slowEverywhere, t)).toMatchObject({ status: 'fail', value: 5 });
  });

  it('fails a model that does 3 ms of CPU work per explanation', () => {
    const fast = trainHeart(heartTrainingPool(), 'logistic');
    const slow: Model = {
      ...fast,
      signature: fast.signature, algorithm: fast.algorithm, space: fast.space,
      predict: (x, n) => fast.predict(x, n),
      predictRaw: (x, n, out) => fast.predictRaw(x, n, out),
      toJSON: () => fast.toJSON(),
      explain: (x, n) => {
        const start = processCpuMs();
        while (processCpuMs() - start < 3) { /* burn CPU: a deliberately slow explainer */ }
        return fast.explain(x, n);
      },
    };
    const v = heartValidationSet();
    const r = judgeLatency(measureLatency(slow, v.data.x, v.data.n, { samples: 25, warmup: 0 }), t);
    expect(r.status).toBe('fail');
    expect(r.value).toBeGreaterThanOrEqual(3);
  });
});

describe('fairness with small groups', () => {
  const ev = (groups: SubgroupResult[]): ModelEvaluation => ({ subgroups: groups } as unknown as ModelEvaluation);
  const g = (group: string, n: number, auc: number | null, sensitivity: number | null): SubgroupResult => ({ factor: 'age', group, n, positives: Math.floor(n / 2), auc, sensitivity, specificity: 0.8 });
  it('passes close groups, warns when a group is small, fails a real gap', () => {
    expect(judgeFairness(ev([g('a', 100, 0.9, 0.85), g('b', 80, 0.85, 0.8)]), 'age', t).status).toBe('pass');
    const small = judgeFairness(ev([g('a', 100, 0.9, 0.85), g('b', 80, 0.85, 0.8), g('c', 12, 0.5, 0.2)]), 'age', t);
    expect(small.status).toBe('warn');
    expect(small.sentence).toMatch(/c has only 12 patients/);
    const gapAuc = judgeFairness(ev([g('a', 100, 0.9, 0.85), g('b', 80, 0.78, 0.8)]), 'age', t);
    expect(gapAuc).toMatchObject({ status: 'fail' });
    expect(gapAuc.value).toBeCloseTo(0.12, 10);
    expect(judgeFairness(ev([g('a', 100, 0.9, 0.95), g('b', 80, 0.88, 0.75)]), 'age', t).status).toBe('fail');
    expect(judgeFairness(ev([g('a', 100, 0.9, 0.95), g('b', 80, null, null)]), 'age', t).status).toBe('warn');
  });
});

describe('compatibility', () => {
  const cand = (hash: string, major: number) => ({ version: `model-v${major}.0.0-20261123-1530`, signatureHash: hash, major });
  it('passes the same signature or a major bump, fails a silent signature change', () => {
    expect(judgeCompatibility({ production: null, candidate: cand('a', 1) }).status).toBe('pass');
    expect(judgeCompatibility({ production: cand('a', 1), candidate: { ...cand('a', 1), version: 'model-v1.1.0-20261124-1530' } }).status).toBe('pass');
    expect(judgeCompatibility({ production: cand('a', 1), candidate: cand('b', 2) }).status).toBe('pass');
    expect(judgeCompatibility({ production: cand('a', 2), candidate: { ...cand('b', 1), version: 'model-v1.5.0-20261124-1530' } }).status).toBe('fail');
  });
});

describe('documentation and stability', () => {
  it('requires every card section', () => {
    const full = REQUIRED_CARD_SECTIONS.map((s) => `## ${s}\n`).join('');
    expect(judgeDocumentation(full).status).toBe('pass');
    expect(judgeDocumentation(full.replace('## Ethical considerations\n', ''))).toMatchObject({ status: 'fail', details: { missing: ['Ethical considerations'] } });
    expect(judgeDocumentation(null).status).toBe('fail');
  });

  it('passes only a bit-for-bit reproduction of the smoke set', () => {
    const model = trainHeart(heartTrainingPool(), 'logistic');
    const smoke = buildSmokeSet(model, heartValidationSet());
    expect(judgeStability(smoke.cases.length, checkSmokeSet(model, smoke)).status).toBe('pass');
    const nudged = { ...smoke, cases: smoke.cases.map((c, i) => (i === 3 ? { ...c, expected: { ...c.expected, probability: c.expected.probability + Number.EPSILON } } : c)) };
    const mismatches = checkSmokeSet(model, nudged);
    expect(mismatches.map((m) => m.index)).toEqual([3]);
    expect(judgeStability(nudged.cases.length, mismatches)).toMatchObject({ status: 'fail', value: 1 });
    expect(judgeStability(null, []).status).toBe('fail');
  });
});

describe('operating point', () => {
  const ev = (tp: number, fn: number): ModelEvaluation => ({
    operatingPoint: { threshold: 0.4, sensitivity: tp + fn === 0 ? 0 : tp / (tp + fn), specificity: 0.7, ppv: 0.6, npv: 0.8, tp, fp: 30, tn: 70, fn },
  } as unknown as ModelEvaluation);
  it('reports the Wilson interval of the sensitivity and judges the point estimate', () => {
    const r = judgeOperatingPoint(ev(80, 20), t);
    expect(r.ci95![0]).toBeCloseTo(0.7112, 3);
    expect(r.ci95![1]).toBeCloseTo(0.8666, 3);
    expect(r.status).toBe(0.8 >= t.sensitivity_min ? 'pass' : 'fail');
  });
  it('gives the whole [0, 1] interval when the set has no positives', () => {
    expect(judgeOperatingPoint(ev(0, 0), t).ci95).toEqual([0, 1]);
  });
});
