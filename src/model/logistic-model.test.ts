import { describe, expect, it } from 'vitest';
import { permissiveSignature } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import { LogisticModel } from './logistic-model.js';
import type { LogisticModelData } from './model.js';

const SIG = permissiveSignature(['a', 'b', 'c', 'd']);
/** b is categorical (codes 1, 2, 3 as indicators); d has no term at all. */
const DATA: LogisticModelData = {
  featureNames: ['a', 'b', 'c', 'd'],
  intercept: -0.7,
  terms: [
    { feature: 0, code: null, weight: 0.05, mean: 54.2 },
    { feature: 1, code: 2, weight: 0.8, mean: 0.3 },
    { feature: 1, code: 3, weight: -1.1, mean: 0.25 },
    { feature: 2, code: null, weight: -0.02, mean: 140 },
  ],
  impute: [54, 1, 140, 0],
};

/** Exact Shapley values of the model's linear game by enumerating every subset of features. */
function bruteForceShapley(row: number[]): number[] {
  const p = row.length;
  // v(S): features in S take the row's value, the others contribute their mean term.
  const value = (mask: number): number => {
    let v = DATA.intercept;
    DATA.terms.forEach((t, k) => {
      if (mask & (1 << t.feature)) {
        let x = row[t.feature];
        if (Number.isNaN(x)) x = DATA.impute[t.feature];
        v += t.weight * (t.code === null ? x : x === t.code ? 1 : 0);
      } else v += t.weight * DATA.terms[k].mean;
    });
    return v;
  };
  const fact = (m: number): number => (m <= 1 ? 1 : m * fact(m - 1));
  const phi = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    for (let s = 0; s < 1 << p; s++) {
      if (s & (1 << i)) continue;
      const size = s.toString(2).split('').filter((c) => c === '1').length;
      phi[i] += ((fact(size) * fact(p - size - 1)) / fact(p)) * (value(s | (1 << i)) - value(s));
    }
  }
  return phi;
}

describe('LogisticModel', () => {
  const model = new LogisticModel(DATA, SIG);
  const rows = [[60, 2, 130, 5], [40, 3, Number.NaN, 1], [Number.NaN, Number.NaN, 200, Number.NaN], [54.2, 1, 140, 0]];
  const x = Float64Array.from(rows.flat());

  it('predicts the logistic of the linear predictor, imputing missing values', () => {
    const preds = model.predict(x, rows.length);
    const expectRaw = [
      -0.7 + 0.05 * 60 + 0.8 - 0.02 * 130,
      -0.7 + 0.05 * 40 - 1.1 - 0.02 * 140,
      -0.7 + 0.05 * 54 - 0.02 * 200,
      -0.7 + 0.05 * 54.2 - 0.02 * 140,
    ];
    preds.forEach((p, i) => {
      expect(p.raw).toBeCloseTo(expectRaw[i], 12);
      expect(p.probability).toBeCloseTo(1 / (1 + Math.exp(-expectRaw[i])), 12);
    });
    expect([...model.predictRaw(x, rows.length)]).toEqual(preds.map((p) => p.raw));
  });

  it('explains with exact linear SHAP: equal to brute-force Shapley values, additive to 1e-9', () => {
    const explanations = model.explain(x, rows.length);
    const predictions = model.predict(x, rows.length);
    explanations.forEach((e, i) => {
      expect(e.probability).toBe(predictions[i].probability);
      expect(e.baseValue).toBeCloseTo(-0.7 + 0.05 * 54.2 + 0.8 * 0.3 - 1.1 * 0.25 - 0.02 * 140, 12);
      const sum = e.contributions.reduce((a, v) => a + v, e.baseValue);
      expect(Math.abs(sum - e.raw)).toBeLessThan(1e-9);
      const phi = bruteForceShapley(rows[i]);
      phi.forEach((v, j) => expect(e.contributions[j]).toBeCloseTo(v, 10));
      expect(e.contributions[3]).toBe(0); // a feature without terms never contributes
    });
  });

  it('keeps probabilities finite and in [0, 1] for extreme scores', () => {
    const huge = Float64Array.from([1e6, 2, 0, 0, -1e6, 2, 0, 0]);
    const [hi, lo] = model.predict(huge, 2);
    expect(hi.probability).toBe(1);
    expect(lo.probability).toBe(0);
  });

  it('round-trips through its model file and does not share the caller’s data', () => {
    const copy = { ...DATA, terms: DATA.terms.map((t) => ({ ...t })) };
    const m = new LogisticModel(copy, SIG);
    (copy.terms[0] as { weight: number }).weight = 99;
    const again = LogisticModel.fromFile(JSON.parse(JSON.stringify(m.toJSON())), SIG);
    expect([...again.predictRaw(x, rows.length)]).toEqual([...model.predictRaw(x, rows.length)]);
  });

  it('refuses malformed data and a signature with other features', () => {
    const bad: LogisticModelData[] = [
      { ...DATA, featureNames: ['a', 'b', 'c', 'e'] },
      { ...DATA, intercept: Number.NaN },
      { ...DATA, impute: [1, 2, 3] },
      { ...DATA, terms: [{ feature: 4, code: null, weight: 1, mean: 0 }] },
      { ...DATA, terms: [{ feature: 0, code: null, weight: Infinity, mean: 0 }] },
    ];
    for (const d of bad) {
      let error: unknown;
      try {
        new LogisticModel(d, SIG);
      } catch (e) {
        error = e;
      }
      expect(isRiskgateError(error, 'MODEL_INVALID')).toBe(true);
    }
  });
});
