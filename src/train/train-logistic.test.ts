import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset, permissiveSignature } from '../data/index.js';
import { LogisticModel } from '../model/index.js';
import { LOGISTIC_DEFAULTS, trainLogistic } from './train-logistic.js';

const cleveland = loadDataset('uci:cleveland');
const p = cleveland.features.length;

describe('trainLogistic', () => {
  const params = { ...LOGISTIC_DEFAULTS, l2: 2 };
  const data = trainLogistic(cleveland, HEART_SIGNATURE, params);

  it('one-hot encodes categorical features and keeps the others as one term', () => {
    const cp = HEART_SIGNATURE.features.findIndex((f) => f.name === 'cp');
    expect(data.terms.filter((t) => t.feature === cp).map((t) => t.code)).toEqual([1, 2, 3, 4]);
    const age = data.terms.filter((t) => t.feature === 0);
    expect(age).toHaveLength(1);
    expect(age[0].code).toBeNull();
  });

  it('imputes the median of continuous and the mode of coded features', () => {
    const column = (j: number) => Array.from({ length: cleveland.n }, (_, i) => cleveland.x[i * p + j]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const ca = cleveland.features.indexOf('ca');
    const values = column(ca);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(data.impute[ca]).toBe([...counts].sort((a, b) => b[1] - a[1])[0][0]);
    const chol = column(cleveland.features.indexOf('chol'));
    const mid = chol.length >> 1;
    expect(data.impute[cleveland.features.indexOf('chol')]).toBe(chol.length % 2 ? chol[mid] : (chol[mid - 1] + chol[mid]) / 2);
  });

  it('solves the penalised likelihood: the gradient on the standardised scale is zero', () => {
    // Rebuild each term's input as the model sees it, and its standardisation.
    const inputs = data.terms.map((t) => Array.from({ length: cleveland.n }, (_, i) => {
      const raw = cleveland.x[i * p + t.feature];
      const v = Number.isNaN(raw) ? data.impute[t.feature] : raw;
      return t.code === null ? v : v === t.code ? 1 : 0;
    }));
    const prob = new LogisticModel(data, HEART_SIGNATURE).predict(cleveland.x, cleveland.n).map((q) => q.probability);
    const residual = prob.map((q, i) => q - cleveland.y[i]);
    expect(Math.abs(residual.reduce((a, b) => a + b, 0))).toBeLessThan(1e-8);
    data.terms.forEach((t, k) => {
      const mean = inputs[k].reduce((a, b) => a + b, 0) / cleveland.n;
      expect(t.mean).toBeCloseTo(mean, 12);
      const sd = Math.sqrt(inputs[k].reduce((a, b) => a + (b - mean) ** 2, 0) / cleveland.n);
      // ∂/∂w_std [−loglik + λ/2·w_std²] with w_std = weight·sd.
      const g = residual.reduce((a, r, i) => a + (r * (inputs[k][i] - mean)) / sd, 0) + params.l2 * t.weight * sd;
      expect(Math.abs(g)).toBeLessThan(1e-7);
    });
  });

  it('shrinks weights as the penalty grows, and treats every column as numeric when permissive', () => {
    const norm = (d: typeof data) => d.terms.reduce((a, t) => a + Math.abs(t.weight), 0);
    expect(norm(trainLogistic(cleveland, HEART_SIGNATURE, { ...params, l2: 1000 }))).toBeLessThan(norm(data) / 5);
    const plain = trainLogistic(cleveland, permissiveSignature(cleveland.features), params);
    expect(plain.terms).toHaveLength(p);
    expect(plain.terms.every((t) => t.code === null)).toBe(true);
  });
});
