import { describe, expect, it } from 'vitest';
import { loadDataset, type Dataset } from '../data/index.js';
import { Random } from './random.js';
import { RANDOM_FOREST_DEFAULTS, trainRandomForest } from './train-random-forest.js';

const cleveland = loadDataset('uci:cleveland');

/** Random data with missing values in every column and a label depending on two of them. */
function randomTable(seed: number, n: number, p: number): Dataset {
  const rng = new Random(seed);
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[i * p + j] = rng.next() < 0.15 ? Number.NaN : rng.nextInt(8);
    y[i] = rng.next() < (x[i * p] > 3 || Number.isNaN(x[i * p + 1]) ? 0.8 : 0.2) ? 1 : 0;
  }
  return { id: 'random', sha256: '0'.repeat(64), features: Array.from({ length: p }, (_, j) => `f${j}`), n, x, y, groups: [] };
}

/** Weighted Gini impurity × weight of a node with `pos` positives among `n` rows. */
const giniMass = (pos: number, n: number) => (n === 0 ? 0 : 2 * pos * (1 - pos / n));

/** The largest Gini decrease of any threshold and missing-value side, by enumeration. */
function bestGiniDecrease(d: Dataset): number {
  const p = d.features.length;
  let posAll = 0;
  for (let i = 0; i < d.n; i++) posAll += d.y[i];
  let best = 0;
  for (let j = 0; j < p; j++) {
    const values = [...new Set(Array.from({ length: d.n }, (_, i) => d.x[i * p + j]).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    const cuts = [...values.slice(1), Number.POSITIVE_INFINITY];
    for (const t of cuts) {
      for (const missingLeft of [true, false]) {
        let nl = 0;
        let pl = 0;
        for (let i = 0; i < d.n; i++) {
          const v = d.x[i * p + j];
          if (Number.isNaN(v) ? missingLeft : v < t) {
            nl++;
            pl += d.y[i];
          }
        }
        if (nl === 0 || nl === d.n) continue;
        best = Math.max(best, giniMass(posAll, d.n) - giniMass(pl, nl) - giniMass(posAll - pl, d.n - nl));
      }
    }
  }
  return best;
}

describe('trainRandomForest', () => {
  it('splits each root on the largest Gini decrease, missing values on the better side', () => {
    for (let seed = 0; seed < 5; seed++) {
      const d = randomTable(seed, 60, 4);
      const f = trainRandomForest(d, { ...RANDOM_FOREST_DEFAULTS, nEstimators: 1, bootstrap: false, maxFeatures: 4, minSamplesLeaf: 1, maxDepth: 1 }, seed);
      const [root, l, r] = [0, f.left[0], f.right[0]];
      // The chosen split's decrease, from the child covers and class fractions (leaf values).
      const posRoot = f.value[root] * f.cover[root];
      const decrease = giniMass(posRoot, f.cover[root]) - giniMass(f.value[l] * f.cover[l], f.cover[l]) - giniMass(f.value[r] * f.cover[r], f.cover[r]);
      expect(decrease).toBeCloseTo(bestGiniDecrease(d), 9);
    }
  });

  it('averages trees of class fractions with bootstrap row counts as cover', () => {
    const f = trainRandomForest(cleveland, { ...RANDOM_FOREST_DEFAULTS, nEstimators: 10 }, 1);
    expect(f.aggregation).toBe('mean');
    expect(f.link).toBe('identity');
    expect(f.baseScore).toBe(0);
    expect(f.treeOffsets).toHaveLength(11);
    for (let t = 0; t < 10; t++) expect(f.cover[f.treeOffsets[t]]).toBe(cleveland.n);
    for (let k = 0; k < f.value.length; k++) {
      expect(f.value[k]).toBeGreaterThanOrEqual(0);
      expect(f.value[k]).toBeLessThanOrEqual(1);
      if (f.feature[k] < 0) expect(f.cover[k]).toBeGreaterThanOrEqual(RANDOM_FOREST_DEFAULTS.minSamplesLeaf);
    }
  });

  it('fits the training rows exactly when grown fully without bootstrap', () => {
    const d = randomTable(3, 80, 5);
    const f = trainRandomForest(d, { ...RANDOM_FOREST_DEFAULTS, nEstimators: 1, bootstrap: false, maxFeatures: 5, minSamplesLeaf: 1, maxDepth: 50 }, 0);
    // Rows identical in every column may disagree; every leaf is otherwise pure.
    const leaves = Array.from(f.feature.keys()).filter((k) => f.feature[k] < 0);
    const impure = leaves.filter((k) => f.value[k] > 0 && f.value[k] < 1);
    expect(impure.length).toBeLessThanOrEqual(2);
  });

  it('is deterministic given the seed', () => {
    const params = { ...RANDOM_FOREST_DEFAULTS, nEstimators: 5 };
    expect(Array.from(trainRandomForest(cleveland, params, 2).threshold)).toEqual(Array.from(trainRandomForest(cleveland, params, 2).threshold));
    expect(Array.from(trainRandomForest(cleveland, params, 3).threshold)).not.toEqual(Array.from(trainRandomForest(cleveland, params, 2).threshold));
  });
});
