import { describe, expect, it } from 'vitest';
import { HEART_TRAINING_POOL_ID, heartHeldOutClevelandRows, loadDataset } from '../data/index.js';
import { computeAuc } from '../stats/index.js';
import { crossValidate, summariseMetrics } from './cross-validate.js';
import { evaluatePredictions } from './evaluate-predictions.js';
import { stratifiedKFold } from './stratified-folds.js';
import { trainDefaultHeartModel, DEFAULT_HEART_ALGORITHM, DEFAULT_TARGET_SENSITIVITY } from './train-default-heart-model.js';

const cleveland = loadDataset('uci:cleveland');

describe('crossValidate', () => {
  // The quality bar of issue 2 (BENCHMARKS.md "Model quality" has every algorithm on the
  // full protocol): 5 × 5 repeated stratified CV, fold seeds 0–4.
  it('reaches mean AUC ≥ 0.90 with logistic regression on Cleveland (5 × 5)', () => {
    const cv = crossValidate(cleveland, { algorithm: 'logistic', folds: 5, repeats: 5, seed: 0 });
    expect(cv.foldMetrics).toHaveLength(25);
    expect(cv.summary.auc.mean).toBeGreaterThanOrEqual(0.9);
  });

  it('reaches mean AUC ≥ 0.88 with gradient boosting on Cleveland (5 × 5)', () => {
    expect(crossValidate(cleveland, { algorithm: 'gbdt', folds: 5, repeats: 5, seed: 0 }).summary.auc.mean).toBeGreaterThanOrEqual(0.88);
  });

  it('reaches mean AUC ≥ 0.89 with the random forest on Cleveland (5 × 1, cheaper)', () => {
    expect(crossValidate(cleveland, { algorithm: 'random-forest', folds: 5, repeats: 1, seed: 0 }).summary.auc.mean).toBeGreaterThanOrEqual(0.89);
  });

  it('scores each row once per repeat, out of fold, on the folds of the seed', () => {
    let calls = 0;
    const cv = crossValidate(cleveland, { algorithm: 'logistic', folds: 4, repeats: 2, seed: 6, onProgress: () => calls++ });
    expect(calls).toBe(8);
    expect(cv.outOfFold).toHaveLength(2);
    const folds = stratifiedKFold(cleveland.y, 4, 7);
    const test = folds[2];
    const auc = computeAuc(Array.from(test, (r) => cleveland.y[r]), Array.from(test, (r) => cv.outOfFold[1][r]));
    expect(cv.foldMetrics[4 + 2].auc).toBe(auc);
    expect(cv.outOfFold[1].every((q) => q > 0 && q < 1)).toBe(true);
    expect(cv.summary).toEqual(summariseMetrics(cv.foldMetrics));
  });

  it('applies a threshold rule to each repeat’s out-of-fold predictions', () => {
    const cv = crossValidate(cleveland, { algorithm: 'logistic', folds: 5, repeats: 1, seed: 0, threshold: { kind: 'sensitivity', target: 0.9 } });
    expect(evaluatePredictions(cleveland.y, cv.outOfFold[0], cv.thresholds[0]).sensitivity).toBeGreaterThanOrEqual(0.9);
    expect(cv.foldMetrics.every((m) => m.threshold === cv.thresholds[0])).toBe(true);
  });

  it('summarises mean and sample sd, leaving NaN out', () => {
    const base = evaluatePredictions([1, 0], [0.9, 0.1]);
    const s = summariseMetrics([{ ...base, auc: 0.8 }, { ...base, auc: 0.9 }, { ...base, auc: Number.NaN }]);
    expect(s.auc.mean).toBeCloseTo(0.85, 12);
    expect(s.auc.sd).toBeCloseTo(Math.sqrt(0.005), 12);
  });
});

describe('trainDefaultHeartModel', () => {
  it('trains the same model every time with a threshold meeting the target sensitivity', () => {
    const a = trainDefaultHeartModel(0);
    const b = trainDefaultHeartModel(0);
    expect(JSON.stringify(b.model.toJSON())).toBe(JSON.stringify(a.model.toJSON()));
    expect(b.threshold).toBe(a.threshold);
    expect(a.metrics.outOfFold.sensitivity).toBeGreaterThanOrEqual(DEFAULT_TARGET_SENSITIVITY);
    expect(a.metrics.outOfFold.auc).toBeGreaterThan(0.85);
    expect(a.algorithm).toBe(DEFAULT_HEART_ALGORITHM);
    expect(a.threshold).toBeGreaterThan(0);
    expect(a.threshold).toBeLessThan(1);
  });

  it('never trains on the Cleveland rows heart-validation/1 holds out', () => {
    const a = trainDefaultHeartModel(0);
    const held = new Set(heartHeldOutClevelandRows(cleveland.n));
    expect(a.dataset.id).toBe(HEART_TRAINING_POOL_ID);
    expect(a.dataset.n).toBe(cleveland.n - held.size);
    expect(a.metadata.training_data).toMatchObject({ ids: [HEART_TRAINING_POOL_ID], rows: cleveland.n - held.size });
    // Every held-out row is absent: each training row matches the Cleveland row it came from, none held out.
    const p = cleveland.features.length;
    const key = (x: Float64Array, i: number) => Array.from(x.subarray(i * p, i * p + p)).join(',');
    const heldKeys = new Set([...held].map((i) => key(cleveland.x, i)));
    expect([...Array(a.dataset.n).keys()].filter((i) => heldKeys.has(key(a.dataset.x, i)))).toEqual([]);
  });
});
