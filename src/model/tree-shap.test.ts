import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, featureNames, loadDataset } from '../data/index.js';
import type { TreeEnsembleData } from './model.js';
import { TreeShap, type TreeShapOptions } from './tree-shap.js';
import { tableEntries } from './tree-shap-tables.js';
import { bruteForceShapley, concatEnsembles, conditionalExpectation, naiveRaw, randomEnsemble, seededRandom } from './tree-test-support.js';

const TOLERANCE = 1e-9;
const SMALL_FEATURES = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Every way TreeShap can compute values: leaf tables, Algorithm 2, and a budget that mixes them. */
const METHODS: Record<string, TreeShapOptions> = {
  tables: {},
  path: { method: 'path' },
  mixed: { maxTableBytes: 8 * 200 },
};

/** Rows of small integer and half-integer values (hitting both sides of every threshold), some NaN. */
function randomRows(seed: number, n: number, p: number, missing = 0.2): Float64Array {
  const rand = seededRandom(seed);
  const x = new Float64Array(n * p);
  for (let i = 0; i < x.length; i++) x[i] = rand() < missing ? Number.NaN : Math.floor(rand() * 10) + (rand() < 0.5 ? 0 : 0.5);
  return x;
}

function explain(data: TreeEnsembleData, x: Float64Array, n: number, options: TreeShapOptions): { phi: Float64Array; shap: TreeShap } {
  const shap = new TreeShap(data, options);
  const phi = new Float64Array(n * data.featureNames.length);
  shap.explainInto(x, n, phi);
  return { phi, shap };
}

/** Largest absolute difference, over every method, rows and features, between TreeShap and brute force. */
function worstError(data: TreeEnsembleData, x: Float64Array, n: number, methods: readonly TreeShapOptions[]): number {
  const p = data.featureNames.length;
  const exact = Array.from({ length: n }, (_, r) => bruteForceShapley(data, x.subarray(r * p, r * p + p)));
  let worst = 0;
  for (const options of methods) {
    const { phi, shap } = explain(data, x, n, options);
    for (let r = 0; r < n; r++) {
      worst = Math.max(worst, Math.abs(shap.baseValue - exact[r].base));
      for (let i = 0; i < p; i++) worst = Math.max(worst, Math.abs(phi[r * p + i] - exact[r].phi[i]));
    }
  }
  return worst;
}

describe('TreeShap against brute-force Shapley values', () => {
  for (const [name, options] of Object.entries(METHODS)) {
    it(`${name}: small random ensembles (repeated features, unbalanced trees, missing values)`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const data = randomEnsemble({ seed, trees: 5, maxDepth: 2 + (seed % 5), features: SMALL_FEATURES });
        expect(worstError(data, randomRows(seed + 100, 10, SMALL_FEATURES.length), 10, [options])).toBeLessThan(TOLERANCE);
      }
    });

    it(`${name}: averaged forests with identity link, and leaves no training row reached`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const data = randomEnsemble({
          seed, trees: 4, maxDepth: 5, features: SMALL_FEATURES, aggregation: 'mean', link: 'identity', baseScore: 0, zeroCoverChance: 0.25,
        });
        expect(worstError(data, randomRows(seed + 200, 10, SMALL_FEATURES.length, 0.3), 10, [options])).toBeLessThan(TOLERANCE);
      }
    });
  }

  it('an ensemble over the 13 heart features, on 60 Cleveland rows with missing values (all 2^13 subsets)', () => {
    const data = heartEnsemble();
    const { x, n } = clevelandRows(60);
    let missingRows = 0;
    for (let r = 0; r < n; r++) if (x.subarray(r * 13, r * 13 + 13).some(Number.isNaN)) missingRows++;
    expect(missingRows).toBeGreaterThanOrEqual(15);
    expect(worstError(data, x, n, Object.values(METHODS))).toBeLessThan(TOLERANCE);
  });
});

describe('TreeShap invariants', () => {
  it('base value + Σ contributions = raw score, for 100 trees of depth 6, tables and Algorithm 2 agreeing', () => {
    const data = randomEnsemble({ seed: 7, trees: 100, maxDepth: 6, leafChance: 0, features: featureNames(HEART_SIGNATURE), thresholds: heartThresholds() });
    const { x, n } = clevelandRows(100);
    const tables = explain(data, x, n, {});
    const path = explain(data, x, n, { method: 'path' });
    expect(tables.shap.tableTrees).toBe(100);
    expect(path.shap.tableTrees).toBe(0);
    for (let r = 0; r < n; r++) {
      const row = x.subarray(r * 13, r * 13 + 13);
      let sum = tables.shap.baseValue;
      for (let i = 0; i < 13; i++) {
        sum += tables.phi[r * 13 + i];
        expect(Math.abs(tables.phi[r * 13 + i] - path.phi[r * 13 + i])).toBeLessThan(TOLERANCE);
      }
      expect(Math.abs(sum - naiveRaw(data, row))).toBeLessThan(TOLERANCE);
    }
  });

  it('the base value is the value of the empty set (cover-weighted expectation)', () => {
    const data = randomEnsemble({ seed: 3, trees: 30, maxDepth: 5, features: SMALL_FEATURES, aggregation: 'mean' });
    const shap = new TreeShap(data);
    expect(shap.baseValue).toBeCloseTo(conditionalExpectation(data, [], () => false), 12);
  });

  it('falls back to Algorithm 2 for trees with too many distinct features on a path, and stays exact', () => {
    const features = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const data = concatEnsembles(
      randomEnsemble({ seed: 11, trees: 3, maxDepth: 4, features }),
      randomEnsemble({ seed: 12, trees: 3, maxDepth: 40, leafChance: 0, features, spine: true }),
    );
    const entries = Array.from({ length: 6 }, (_, t) => tableEntries(data, t));
    expect(entries.some((e) => e === Infinity)).toBe(true);
    expect(entries.some((e) => e < Infinity)).toBe(true);
    const x = randomRows(5, 40, 40);
    const auto = explain(data, x, 40, {});
    const path = explain(data, x, 40, { method: 'path' });
    expect(auto.shap.tableTrees).toBe(entries.filter((e) => e < Infinity).length);
    for (let r = 0; r < 40; r++) {
      let sum = auto.shap.baseValue;
      for (let i = 0; i < 40; i++) {
        sum += auto.phi[r * 40 + i];
        expect(Math.abs(auto.phi[r * 40 + i] - path.phi[r * 40 + i])).toBeLessThan(TOLERANCE);
      }
      expect(Math.abs(sum - naiveRaw(data, x.subarray(r * 40, r * 40 + 40)))).toBeLessThan(TOLERANCE);
    }
  });

  it('honours the table budget', () => {
    const data = randomEnsemble({ seed: 2, trees: 20, maxDepth: 4, leafChance: 0, features: SMALL_FEATURES });
    const perTree = tableEntries(data, 0) * 8;
    const shap = new TreeShap(data, { maxTableBytes: perTree * 3 + 1 });
    expect(shap.tableBytes).toBeLessThanOrEqual(perTree * 3 + 1);
    expect(shap.tableTrees).toBeGreaterThanOrEqual(1);
    expect(shap.tableTrees).toBeLessThan(20);
  });
});

/** Cleveland rows in signature order, with extra missing values in every third row. */
function clevelandRows(n: number): { x: Float64Array; n: number } {
  const d = loadDataset('uci:cleveland');
  const rand = seededRandom(42);
  const x = new Float64Array(n * 13);
  for (let r = 0; r < n; r++) {
    const src = Math.floor(rand() * d.n);
    x.set(d.x.subarray(src * 13, src * 13 + 13), r * 13);
    if (r % 3 === 0) x[r * 13 + Math.floor(rand() * 13)] = Number.NaN;
    if (r % 9 === 0) x[r * 13 + Math.floor(rand() * 13)] = Number.NaN;
  }
  return { x, n };
}

/** Per heart feature, the distinct values observed in Cleveland: realistic thresholds. */
function heartThresholds(): number[][] {
  const d = loadDataset('uci:cleveland');
  return d.features.map((_, j) => {
    const values = new Set<number>();
    for (let r = 0; r < d.n; r++) if (!Number.isNaN(d.x[r * 13 + j])) values.add(d.x[r * 13 + j]);
    return [...values];
  });
}

/** A boosted-style ensemble over the 13 heart features with Cleveland thresholds, depth up to 6. */
function heartEnsemble(): TreeEnsembleData {
  return randomEnsemble({ seed: 13, trees: 8, maxDepth: 6, leafChance: 0.1, features: featureNames(HEART_SIGNATURE), thresholds: heartThresholds() });
}
