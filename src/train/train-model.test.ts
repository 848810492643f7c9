import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset, permissiveSignature, subsetDataset } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import { GBDT_DEFAULTS } from './train-gbdt.js';
import { signatureForDataset, trainModel } from './train-model.js';

const cleveland = loadDataset('uci:cleveland');

/** The error code thrown by `f`, or null. */
function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return isRiskgateError(e) ? e.code : 'not a RiskgateError';
  }
}

describe('trainModel', () => {
  it.each(['gbdt', 'random-forest', 'logistic'] as const)('trains a %s model that separates the training data', (algorithm) => {
    const t = trainModel(cleveland, { algorithm, seed: 1, params: algorithm === 'random-forest' ? { nEstimators: 20 } : {} });
    expect(t.model.algorithm).toBe(algorithm);
    expect(t.model.signature).toBe(HEART_SIGNATURE);
    expect(t.seed).toBe(1);
    const probs = t.model.predict(cleveland.x, cleveland.n).map((q) => q.probability);
    const meanPos = probs.filter((_, i) => cleveland.y[i] === 1).reduce((a, b) => a + b, 0) / probs.filter((_, i) => cleveland.y[i] === 1).length;
    const meanNeg = probs.filter((_, i) => cleveland.y[i] === 0).reduce((a, b) => a + b, 0) / probs.filter((_, i) => cleveland.y[i] === 0).length;
    expect(meanPos - meanNeg).toBeGreaterThan(0.4);
  });

  it('merges overrides into the defaults and gives the same model for the same seed', () => {
    const a = trainModel(cleveland, { algorithm: 'gbdt', params: { nEstimators: 7 }, seed: 3 });
    expect(a.hyperparameters).toEqual({ ...GBDT_DEFAULTS, nEstimators: 7 });
    const b = trainModel(cleveland, { algorithm: 'gbdt', params: { nEstimators: 7 }, seed: 3 });
    expect(JSON.stringify(b.model.toJSON())).toBe(JSON.stringify(a.model.toJSON()));
  });

  it('refuses unknown algorithms and hyperparameters, bad values, one-class data and foreign signatures', () => {
    expect(codeOf(() => trainModel(cleveland, { algorithm: 'svm' as 'gbdt' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => trainModel(cleveland, { algorithm: 'gbdt', params: { depth: 3 } }))).toBe('BAD_REQUEST');
    expect(codeOf(() => trainModel(cleveland, { algorithm: 'gbdt', params: { maxDepth: 'deep' } }))).toBe('BAD_REQUEST');
    const negatives = subsetDataset(cleveland, Array.from({ length: cleveland.n }, (_, i) => i).filter((i) => cleveland.y[i] === 0));
    expect(codeOf(() => trainModel(negatives, { algorithm: 'logistic' }))).toBe('BAD_REQUEST');
    expect(codeOf(() => trainModel(cleveland, { algorithm: 'logistic', signature: permissiveSignature(['a', 'b']) }))).toBe('BAD_REQUEST');
  });

  it('uses the heart signature for heart columns and a permissive one otherwise', () => {
    expect(signatureForDataset(cleveland)).toBe(HEART_SIGNATURE);
    const renamed = { ...cleveland, features: cleveland.features.map((f) => `x_${f}`) };
    expect(signatureForDataset(renamed).permissive).toBe(true);
  });
});
