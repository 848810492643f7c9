import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, featureNames } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import { importXgboostJson } from './xgboost-import.js';
import { XGBOOST_FIXTURES, readXgboostExpected } from './xgboost-fixtures.js';
import { xgboostThreshold } from './xgboost-threshold.js';

const MODELS = ['depth3-named', 'depth6-unnamed', 'depth4-named-base07'];
const expectedOf = readXgboostExpected;

function matrix(rows: (number | null)[][]): Float64Array {
  return Float64Array.from(rows.flat(), (v) => (v === null ? Number.NaN : v));
}

function refusal(f: () => unknown): Record<string, unknown> {
  try {
    f();
  } catch (e) {
    if (isRiskgateError(e, 'MODEL_INVALID')) return e.details;
    throw e;
  }
  throw new Error('expected MODEL_INVALID');
}

describe.each(MODELS)('importXgboostJson(%s)', (name) => {
  const expected = expectedOf(name);
  const model = importXgboostJson(`${XGBOOST_FIXTURES}${name}.json`);
  const x = matrix(expected.rows);
  const n = expected.rows.length;

  it('serves a permissive signature over the file’s feature names', () => {
    expect(featureNames(model.signature)).toEqual(expected.features);
    expect(model.signature.permissive).toBe(true);
    expect(model.algorithm).toBe('xgboost');
    expect(model.space).toBe('log-odds');
  });

  it('predicts XGBoost’s probabilities to 1e-6, including missing values and split boundaries', () => {
    const preds = model.predict(x, n);
    let worst = 0;
    preds.forEach((p, i) => {
      worst = Math.max(worst, Math.abs(p.probability - expected.probability[i]));
      expect(Math.abs(p.raw - expected.raw[i])).toBeLessThan(1e-5);
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('explains with XGBoost’s pred_contribs to 1e-5 (bias = base_value), additive to 1e-9', () => {
    const explanations = model.explain(x, n);
    const p = expected.features.length;
    explanations.forEach((e, i) => {
      const want = expected.contribs[i];
      for (let j = 0; j < p; j++) expect(Math.abs(e.contributions[j] - want[j])).toBeLessThan(1e-5);
      expect(Math.abs(e.baseValue - want[p])).toBeLessThan(1e-5);
      const sum = e.contributions.reduce((a, v) => a + v, e.baseValue);
      expect(Math.abs(sum - e.raw)).toBeLessThan(1e-9);
    });
  });

  it('survives a round trip through its own model file', async () => {
    const { TreeEnsembleModel } = await import('./tree-ensemble-model.js');
    const again = TreeEnsembleModel.fromFile(JSON.parse(JSON.stringify(model.toJSON())), model.signature);
    expect([...again.predictRaw(x, n)]).toEqual([...model.predictRaw(x, n)]);
  });
});

describe('importXgboostJson with a signature', () => {
  const named = JSON.parse(readFileSync(`${XGBOOST_FIXTURES}depth3-named.json`, 'utf8')) as Record<string, unknown>;

  it('matches named features to the signature by name, in any order', () => {
    const expected = expectedOf('depth3-named');
    const shuffled = { ...HEART_SIGNATURE, features: [...HEART_SIGNATURE.features].reverse() };
    const model = importXgboostJson(named, { signature: shuffled });
    const order = featureNames(shuffled).map((f) => expected.features.indexOf(f));
    const rows = expected.rows.map((r) => order.map((j) => r[j]));
    const preds = model.predict(matrix(rows), rows.length);
    preds.forEach((p, i) => expect(Math.abs(p.probability - expected.probability[i])).toBeLessThan(1e-6));
    const [first] = model.explain(matrix(rows.slice(0, 1)), 1);
    order.forEach((j, k) => expect(Math.abs(first.contributions[k] - expected.contribs[0][j])).toBeLessThan(1e-5));
  });

  it('maps unnamed features by position when the counts agree', () => {
    const model = importXgboostJson(`${XGBOOST_FIXTURES}depth6-unnamed.json`, { signature: HEART_SIGNATURE });
    expect(model.signature).toBe(HEART_SIGNATURE);
    const expected = expectedOf('depth6-unnamed');
    const preds = model.predict(matrix(expected.rows), expected.rows.length);
    preds.forEach((p, i) => expect(Math.abs(p.probability - expected.probability[i])).toBeLessThan(1e-6));
  });

  it('refuses a signature that lacks a model feature', () => {
    const sig = { ...HEART_SIGNATURE, features: HEART_SIGNATURE.features.slice(1) };
    expect(refusal(() => importXgboostJson(named, { signature: sig, file: 'm.json' }))).toMatchObject({ file: 'm.json', reason: expect.stringContaining('age') });
  });
});

describe('importXgboostJson refuses what it cannot serve', () => {
  const text = readFileSync(`${XGBOOST_FIXTURES}depth3-named.json`, 'utf8');
  const fresh = () => JSON.parse(text) as { learner: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

  it.each<[string, (m: ReturnType<typeof fresh>) => unknown, string]>([
    ['another objective', (m) => { m.learner.objective.name = 'reg:squarederror'; return m; }, 'objective'],
    ['a multi-class model', (m) => { m.learner.learner_model_param.num_class = '3'; return m; }, 'multi-class'],
    ['a dart booster', (m) => { m.learner.gradient_booster.name = 'dart'; return m; }, 'dart'],
    ['no trees', (m) => { m.learner.gradient_booster.model.trees = []; return m; }, 'no trees'],
    ['categorical splits', (m) => { m.learner.gradient_booster.model.trees[0].split_type[0] = 1; return m; }, 'categorical'],
    ['a child out of range', (m) => { m.learner.gradient_booster.model.trees[1].left_children[0] = 9999; return m; }, 'bad child'],
    ['a cycle', (m) => { m.learner.gradient_booster.model.trees[1].right_children[1] = 0; return m; }, 'bad child'],
    ['a ragged tree', (m) => { m.learner.gradient_booster.model.trees[0].sum_hessian.pop(); return m; }, 'sum_hessian'],
    ['a string in an array', (m) => { m.learner.gradient_booster.model.trees[0].split_conditions[0] = '4.5'; return m; }, 'split_conditions'],
    ['a feature index out of range', (m) => { m.learner.gradient_booster.model.trees[0].split_indices[0] = 13; return m; }, 'feature 13'],
    ['a base_score of 1', (m) => { m.learner.learner_model_param.base_score = '1'; return m; }, 'base_score'],
    ['duplicate feature names', (m) => { m.learner.feature_names[1] = 'age'; return m; }, 'feature_names'],
    ['no learner', () => ({ version: [1, 7, 4] }), 'learner'],
    ['not an object', () => [1, 2], 'the file'],
    ['null', () => null, 'the file'],
  ])('%s', (_label, mutate, reason) => {
    expect(refusal(() => importXgboostJson(mutate(fresh()), { file: 'bad.json' }))).toMatchObject({ file: 'bad.json', reason: expect.stringContaining(reason) });
  });

  it('reads base_score written as a one-element vector (XGBoost 2.1+)', () => {
    const m = fresh();
    m.learner.learner_model_param.base_score = '[5E-1]';
    const expected = expectedOf('depth3-named');
    const model = importXgboostJson(m);
    expect(Math.abs(model.predict(matrix(expected.rows.slice(0, 1)), 1)[0].probability - expected.probability[0])).toBeLessThan(1e-6);
    m.learner.learner_model_param.base_score = '[5E-1,3E-1]';
    expect(refusal(() => importXgboostJson(m)).reason).toContain('base_score');
  });

  it('names the path of an unreadable or non-JSON file', () => {
    expect(refusal(() => importXgboostJson('/nonexistent/model.json'))).toMatchObject({ file: '/nonexistent/model.json' });
    expect(refusal(() => importXgboostJson(`${XGBOOST_FIXTURES}make_fixtures.py`)).reason).toContain('not JSON');
  });
});

describe('xgboostThreshold', () => {
  it('reproduces float32(x) < t for float64 inputs around the boundary', () => {
    const f64 = new Float64Array(1);
    const bits = new BigInt64Array(f64.buffer);
    for (const c of [4.5, 2.35, 0, -0.5, 1e-40, -1e-40, 3.4e38, -3.4e38, 120.5, 0.1, 1, -1, 1e-45, 7.4999995]) {
      const t = Math.fround(c);
      const thr = xgboostThreshold(c);
      for (const start of [t, (t + thr) / 2, thr]) {
        for (let d = -40n; d <= 40n; d++) {
          f64[0] = start;
          bits[0] += d;
          const x = f64[0];
          if (Number.isNaN(x)) continue;
          expect(x < thr, `x=${x} t=${t}`).toBe(Math.fround(x) < t);
        }
      }
    }
  });
});
