import { describe, expect, it } from 'vitest';
import { permissiveSignature } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import type { TreeEnsembleData } from './model.js';
import { TreeEnsembleModel } from './tree-ensemble-model.js';
import { MAX_COMPLETE_DEPTH } from './tree-predictor.js';
import { concatEnsembles, naiveRaw, randomEnsemble, seededRandom } from './tree-test-support.js';

const FEATURES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const SIGNATURE = permissiveSignature(FEATURES);
const P = FEATURES.length;

function rows(seed: number, n: number, missing = 0.2): Float64Array {
  const rand = seededRandom(seed);
  return new Float64Array(n * P).map(() => (rand() < missing ? Number.NaN : Math.floor(rand() * 10) + (rand() < 0.5 ? 0 : 0.5)));
}

/** Asserts that a model's raw scores equal the naive traversal's exactly. */
function expectNaive(model: TreeEnsembleModel, data: TreeEnsembleData, x: Float64Array, n: number): void {
  const raw = model.predictRaw(x, n);
  for (let r = 0; r < n; r++) expect(raw[r]).toBeCloseTo(naiveRaw(data, x.subarray(r * P, r * P + P)), 12);
}

describe('TreeEnsembleModel prediction', () => {
  it('equals a naive traversal (shallow trees, complete layout; 1 to 3 rows and 98 to 101)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const data = randomEnsemble({ seed, trees: 30, maxDepth: 1 + (seed % 6), features: FEATURES });
      const model = new TreeEnsembleModel(data, SIGNATURE, 'gbdt');
      for (const n of [1, 2, 3, 98, 99, 100, 101]) expectNaive(model, data, rows(seed + n, n), n);
    }
  });

  it(`equals a naive traversal with trees deeper than ${MAX_COMPLETE_DEPTH} (linked layout)`, () => {
    const data = concatEnsembles(
      randomEnsemble({ seed: 3, trees: 10, maxDepth: 4, features: FEATURES }),
      randomEnsemble({ seed: 4, trees: 3, maxDepth: MAX_COMPLETE_DEPTH + 5, leafChance: 0, spine: true, features: FEATURES }),
    );
    expectNaive(new TreeEnsembleModel(data, SIGNATURE, 'gbdt'), data, rows(9, 200), 200);
  });

  it('sends x < threshold left, x = threshold right, NaN to the default child', () => {
    const data: TreeEnsembleData = {
      featureNames: FEATURES, treeOffsets: Int32Array.from([0, 3, 6]),
      feature: Int32Array.from([0, -1, -1, 1, -1, -1]), threshold: Float64Array.from([5, 0, 0, 2, 0, 0]),
      left: Int32Array.from([1, -1, -1, 4, -1, -1]), right: Int32Array.from([2, -1, -1, 5, -1, -1]),
      defaultLeft: Uint8Array.from([1, 0, 0, 0, 0, 0]), value: Float64Array.from([0, 1, 10, 0, 100, 1000]),
      cover: Float64Array.from([2, 1, 1, 2, 1, 1]), baseScore: 0.5, aggregation: 'sum', link: 'logistic',
    };
    const model = new TreeEnsembleModel(data, SIGNATURE, 'xgboost');
    const row = (a: number, b: number) => Float64Array.from([a, b, 0, 0, 0, 0, 0]);
    expect(model.predictRaw(row(4.999, 1.5), 1)[0]).toBe(0.5 + 1 + 100);
    expect(model.predictRaw(row(5, 2), 1)[0]).toBe(0.5 + 10 + 1000);
    expect(model.predictRaw(row(Number.NaN, Number.NaN), 1)[0]).toBe(0.5 + 1 + 1000);
    const [prediction] = model.predict(row(5, 2), 1);
    expect(prediction.raw).toBe(1010.5);
    expect(prediction.probability).toBe(1 / (1 + Math.exp(-1010.5)));
    expect(model.space).toBe('log-odds');
  });

  it('averages forests (mean aggregation) and gives probability = raw for the identity link', () => {
    const data = randomEnsemble({ seed: 5, trees: 25, maxDepth: 5, features: FEATURES, aggregation: 'mean', link: 'identity', baseScore: 0 });
    const model = new TreeEnsembleModel(data, SIGNATURE, 'random-forest');
    const x = rows(5, 50);
    expectNaive(model, data, x, 50);
    for (const p of model.predict(x, 50)) expect(p.probability).toBe(p.raw);
    expect(model.space).toBe('probability');
  });

  it('writes into a caller buffer and refuses mismatched shapes with BAD_REQUEST', () => {
    const data = randomEnsemble({ seed: 6, trees: 5, maxDepth: 3, features: FEATURES });
    const model = new TreeEnsembleModel(data, SIGNATURE, 'gbdt');
    const out = new Float64Array(4);
    expect(model.predictRaw(rows(1, 4), 4, out)).toBe(out);
    expect(() => model.predictRaw(rows(1, 3), 4)).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => model.predictRaw(rows(1, 4), 4, new Float64Array(3))).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
  });
});

describe('TreeEnsembleModel explanations', () => {
  it('base value + Σ contributions = raw to 1e-9, one contribution per signature feature', () => {
    const data = randomEnsemble({ seed: 8, trees: 40, maxDepth: 6, features: FEATURES });
    const model = new TreeEnsembleModel(data, SIGNATURE, 'gbdt');
    const x = rows(8, 200, 0.3);
    const explanations = model.explain(x, 200);
    const predictions = model.predict(x, 200);
    explanations.forEach((e, r) => {
      expect(e.probability).toBe(predictions[r].probability);
      expect(e.contributions).toHaveLength(P);
      expect(e.raw).toBe(naiveRaw(data, x.subarray(r * P, r * P + P)));
      expect(Math.abs(e.baseValue + e.contributions.reduce((a, b) => a + b, 0) - e.raw)).toBeLessThan(1e-9);
    });
    // The table path and Algorithm 2 give the same values through the model too.
    const viaPath = new TreeEnsembleModel(data, SIGNATURE, 'gbdt', { method: 'path' }).explain(x, 200);
    viaPath.forEach((e, r) => e.contributions.forEach((c, i) => expect(Math.abs(c - explanations[r].contributions[i])).toBeLessThan(1e-9)));
  });
});

describe('TreeEnsembleModel file', () => {
  it('round-trips exactly through JSON text', () => {
    const data = randomEnsemble({ seed: 9, trees: 12, maxDepth: 5, features: FEATURES, baseScore: -0.123456789012345 });
    const model = new TreeEnsembleModel(data, SIGNATURE, 'gbdt');
    const file = model.toJSON();
    expect(file.format).toBe('riskgate-tree-ensemble/1');
    const back = TreeEnsembleModel.fromFile(JSON.parse(JSON.stringify(file)), SIGNATURE);
    expect(back.algorithm).toBe('gbdt');
    expect(back.toJSON()).toEqual(file);
    const x = rows(9, 64);
    expect(back.predictRaw(x, 64)).toEqual(model.predictRaw(x, 64));
    expect(back.explain(x, 64).map((e) => Array.from(e.contributions))).toEqual(model.explain(x, 64).map((e) => Array.from(e.contributions)));
  });

  /** Each case breaks one thing in a valid file; all must be refused with MODEL_INVALID naming the file. */
  const BROKEN: Record<string, (f: Record<string, unknown>, e: Record<string, unknown>) => void> = {
    'wrong format': (f) => (f.format = 'riskgate-tree-ensemble/9'),
    'unknown algorithm': (f) => (f.algorithm = 'svm'),
    'missing ensemble': (f) => delete f.ensemble,
    'missing array': (_, e) => delete e.cover,
    'string in an array': (_, e) => ((e.threshold as unknown[])[0] = 'x'),
    'fractional feature index': (_, e) => ((e.feature as number[])[0] = 0.5),
    'feature out of range': (_, e) => ((e.feature as number[])[0] = 99),
    'child outside its tree': (_, e) => ((e.left as number[])[0] = 10_000),
    'cycle back to the root': (_, e) => ((e.left as number[])[0] = 0),
    'arrays of different lengths': (_, e) => (e.value as number[]).pop(),
    'unknown aggregation': (_, e) => (e.aggregation = 'median'),
    'split without cover': (_, e) => ((e.cover as number[])[0] = 0),
    'no trees': (_, e) => (e.treeOffsets = [0]),
  };
  for (const [name, breakIt] of Object.entries(BROKEN)) {
    it(`refuses a file with ${name}`, () => {
      const file = JSON.parse(JSON.stringify(new TreeEnsembleModel(randomEnsemble({ seed: 1, trees: 2, maxDepth: 3, leafChance: 0, features: FEATURES }), SIGNATURE, 'gbdt').toJSON()));
      breakIt(file, file.ensemble ?? {});
      let caught: unknown;
      try {
        TreeEnsembleModel.fromFile(file, SIGNATURE, 'v1/model.json');
      } catch (e) {
        caught = e;
      }
      expect(isRiskgateError(caught, 'MODEL_INVALID')).toBe(true);
      expect((caught as { details: { file: string } }).details.file).toBe('v1/model.json');
    });
  }

  it('refuses a signature whose features differ from the ensemble', () => {
    const file = new TreeEnsembleModel(randomEnsemble({ seed: 1, trees: 2, maxDepth: 3, features: FEATURES }), SIGNATURE, 'gbdt').toJSON();
    expect(() => TreeEnsembleModel.fromFile(file, permissiveSignature([...FEATURES].reverse()))).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });
});
