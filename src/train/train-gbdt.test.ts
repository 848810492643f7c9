import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset, type Dataset } from '../data/index.js';
import { TreeEnsembleModel } from '../model/index.js';
import { GBDT_DEFAULTS, trainGbdt, type GbdtParams } from './train-gbdt.js';

interface Reference {
  missing_rows: (number | null)[][];
  models: { name: string; params: GbdtParams; base_score: number; tree_sizes: number[]; margin_train: number[]; margin_missing: number[] }[];
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/xgboost-reference.json', import.meta.url), 'utf8')) as Reference;
const cleveland = loadDataset('uci:cleveland');

/** A small data set from columns (NaN = missing). */
function table(columns: number[][], y: number[]): Dataset {
  const n = y.length;
  const p = columns.length;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j] = columns[j][i];
  return { id: 'test', sha256: '0'.repeat(64), features: columns.map((_, j) => `f${j}`), n, x, y: Uint8Array.from(y), groups: y.map(() => 'test') };
}

describe('trainGbdt', () => {
  // Fixture made by fixtures/make-xgboost-reference.py (XGBoost 1.7.4, tree_method exact).
  it.each(reference.models.map((m) => [m.name, m] as const))('grows the trees XGBoost grows (%s)', (_, ref) => {
    const data = trainGbdt(cleveland, ref.params, 0);
    const model = new TreeEnsembleModel(data, HEART_SIGNATURE, 'gbdt');
    const sizes = Array.from({ length: ref.tree_sizes.length }, (_, t) => data.treeOffsets[t + 1] - data.treeOffsets[t]);
    expect(sizes).toEqual(ref.tree_sizes);
    expect(data.baseScore).toBeCloseTo(Math.log(ref.base_score / (1 - ref.base_score)), 12);
    const train = model.predictRaw(cleveland.x, cleveland.n);
    train.forEach((v, i) => expect(Math.abs(v - ref.margin_train[i])).toBeLessThan(1e-5));
    // Rows with injected missing values exercise every learned (and unseen) default direction.
    const xm = Float64Array.from(reference.missing_rows.flat(), (v) => v ?? Number.NaN);
    model.predictRaw(xm, cleveland.n).forEach((v, i) => expect(Math.abs(v - ref.margin_missing[i])).toBeLessThan(1e-5));
  });

  it('sets leaves to −G/(H+λ)·η and cover to Σh (one split, hand computed)', () => {
    // Base rate 0.5 → margin 0, p = 0.5, g = 0.5 − y, h = 0.25 for every row.
    const d = table([[1, 2, 3, 4, 5, 6]], [0, 0, 0, 1, 1, 1]);
    const data = trainGbdt(d, { ...GBDT_DEFAULTS, nEstimators: 1, maxDepth: 1, minChildWeight: 0, lambda: 1, learningRate: 0.5, subsample: 1, colsampleBytree: 1 }, 0);
    expect(data.baseScore).toBe(0);
    expect(Array.from(data.feature)).toEqual([0, -1, -1]);
    expect(data.threshold[0]).toBe(3.5);
    expect(data.cover[0]).toBeCloseTo(1.5, 12);
    expect(data.cover[data.left[0]]).toBeCloseTo(0.75, 12);
    // Left: G = 1.5, H = 0.75 → −1.5/1.75·0.5.
    expect(data.value[data.left[0]]).toBeCloseTo((-1.5 / 1.75) * 0.5, 12);
    expect(data.value[data.right[0]]).toBeCloseTo((1.5 / 1.75) * 0.5, 12);
  });

  it('learns where missing values go', () => {
    // Positives lack f0; f0 separates nothing among the present rows, so NaN must get its own side.
    const f0 = [1, 2, 3, 4, 5, 6, NaN, NaN, NaN, NaN, 1, 2];
    const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0];
    const data = trainGbdt(table([f0], y), { ...GBDT_DEFAULTS, nEstimators: 20, maxDepth: 1, minChildWeight: 0, learningRate: 0.5, subsample: 1, colsampleBytree: 1 }, 0);
    const model = new TreeEnsembleModel(data, { ...HEART_SIGNATURE, features: [{ ...HEART_SIGNATURE.features[0], name: 'f0' }] }, 'gbdt');
    const [missing, present] = model.predict(Float64Array.of(NaN, 3), 2);
    expect(missing.probability).toBeGreaterThan(0.7);
    expect(present.probability).toBeLessThan(0.3);
  });

  it('is deterministic given the seed, and the seed matters when subsampling', () => {
    const params = { ...GBDT_DEFAULTS, nEstimators: 10 };
    const a = trainGbdt(cleveland, params, 4);
    const b = trainGbdt(cleveland, params, 4);
    const c = trainGbdt(cleveland, params, 5);
    expect(Array.from(b.threshold)).toEqual(Array.from(a.threshold));
    expect(Array.from(b.value)).toEqual(Array.from(a.value));
    expect(Array.from(c.value)).not.toEqual(Array.from(a.value));
  });

  it('respects max depth, min child weight and γ', () => {
    const deep = trainGbdt(cleveland, { ...GBDT_DEFAULTS, nEstimators: 5, maxDepth: 3, minChildWeight: 4, subsample: 1, colsampleBytree: 1 }, 0);
    for (let k = 0; k < deep.feature.length; k++) if (deep.feature[k] >= 0) expect(deep.cover[deep.left[k]]).toBeGreaterThanOrEqual(4);
    expect(Math.max(...treeDepths(deep))).toBe(3);
    const pruned = trainGbdt(cleveland, { ...GBDT_DEFAULTS, nEstimators: 5, gamma: 1e6 }, 0);
    expect(pruned.feature.every((f) => f === -1)).toBe(true);
  });
});

/** Depth of every tree of an ensemble. */
function treeDepths(data: ReturnType<typeof trainGbdt>): number[] {
  const depth = (k: number): number => (data.feature[k] < 0 ? 0 : 1 + Math.max(depth(data.left[k]), depth(data.right[k])));
  return Array.from({ length: data.treeOffsets.length - 1 }, (_, t) => depth(data.treeOffsets[t]));
}
