import type { Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import type { Algorithm, Explanation, Model, ModelFile, Prediction, ScoreSpace, TreeEnsembleData } from './model.js';
import { checkTreeEnsemble } from './tree-ensemble-check.js';
import { readTreeEnsembleFile, writeTreeEnsembleFile } from './tree-ensemble-file.js';
import { TreeShap, type TreeShapOptions } from './tree-shap.js';

/** Name given to an ensemble built in memory when it is refused (it has no file). */
const IN_MEMORY = '(in-memory ensemble)';

/**
 * A tree ensemble (gradient-boosted trees, random forest, imported XGBoost model) served from
 * flat typed arrays: no object per node, allocation-free {@link predictRaw}. Splits follow
 * XGBoost (left when x < threshold, NaN takes the default child). Explanations are exact
 * path-dependent TreeSHAP ({@link TreeShap}), precomputed lazily on the first explain.
 */
export class TreeEnsembleModel implements Model {
  readonly signature: Signature;
  readonly algorithm: Algorithm;
  readonly space: ScoreSpace;
  readonly data: TreeEnsembleData;
  readonly #p: number;
  readonly #scale: number;
  readonly #shapOptions: TreeShapOptions;
  #shap: TreeShap | undefined;
  // Prediction layout: split nodes renumbered per tree in preorder, children ≥ 0 are split
  // nodes and children < 0 are leaves (~index into #leafValue); #root likewise.
  readonly #root: Int32Array;
  readonly #feature: Int32Array;
  readonly #threshold: Float64Array;
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #missing: Int32Array;
  readonly #leafValue: Float64Array;

  /**
   * Wraps a checked ensemble. Throws MODEL_INVALID when the ensemble is malformed or its
   * features are not the signature's, in order.
   */
  constructor(data: TreeEnsembleData, signature: Signature, algorithm: Algorithm, shapOptions: TreeShapOptions = {}) {
    const reason = checkTreeEnsemble(data) ?? checkFeatures(data, signature);
    if (reason !== null) throw new RiskgateError('MODEL_INVALID', { file: IN_MEMORY, reason });
    this.data = data;
    this.signature = signature;
    this.algorithm = algorithm;
    this.space = data.link === 'logistic' ? 'log-odds' : 'probability';
    this.#p = data.featureNames.length;
    this.#scale = data.aggregation === 'mean' ? 1 / (data.treeOffsets.length - 1) : 1;
    this.#shapOptions = shapOptions;
    const flat = flattenForPrediction(data);
    this.#root = flat.root;
    this.#feature = flat.feature;
    this.#threshold = flat.threshold;
    this.#left = flat.left;
    this.#right = flat.right;
    this.#missing = flat.missing;
    this.#leafValue = flat.leafValue;
  }

  /**
   * Reads a model file (parsed JSON of format 'riskgate-tree-ensemble/1'). Throws
   * RiskgateError('MODEL_INVALID', {file, reason}) on malformed content.
   */
  static fromFile(file: unknown, signature: Signature, fileName = 'model.json', shapOptions: TreeShapOptions = {}): TreeEnsembleModel {
    const { data, algorithm } = readTreeEnsembleFile(file, fileName);
    const reason = checkFeatures(data, signature);
    if (reason !== null) throw new RiskgateError('MODEL_INVALID', { file: fileName, reason });
    return new TreeEnsembleModel(data, signature, algorithm, shapOptions);
  }

  /** The model file content; {@link fromFile} reads it back exactly. */
  toJSON(): ModelFile {
    return writeTreeEnsembleFile(this.data, this.algorithm);
  }

  /** Raw scores of the n rows into `out` (allocated when absent). Allocation-free otherwise. */
  predictRaw(x: Float64Array, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
    this.#checkShape(x, n, out.length, n);
    const p = this.#p;
    const roots = this.#root;
    const feature = this.#feature;
    const threshold = this.#threshold;
    const left = this.#left;
    const right = this.#right;
    const missing = this.#missing;
    const leafValue = this.#leafValue;
    const trees = roots.length;
    const base = this.data.baseScore;
    const scale = this.#scale;
    for (let r = 0; r < n; r++) {
      const off = r * p;
      let sum = 0;
      for (let t = 0; t < trees; t++) {
        let k = roots[t];
        while (k >= 0) {
          const v = x[off + feature[k]];
          const th = threshold[k];
          // v < th goes left, v >= th right; NaN fails both and takes the default child.
          k = v < th ? left[k] : v >= th ? right[k] : missing[k];
        }
        sum += leafValue[~k];
      }
      out[r] = base + sum * scale;
    }
    return out;
  }

  /** Probability (sigmoid of raw for the logistic link, raw itself for identity) and raw score. */
  predict(x: Float64Array, n: number): Prediction[] {
    const raw = this.predictRaw(x, n);
    const logistic = this.data.link === 'logistic';
    const out: Prediction[] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = { probability: logistic ? sigmoid(raw[r]) : raw[r], raw: raw[r] };
    return out;
  }

  /** Exact TreeSHAP of each row; base_value + Σ contributions = raw to rounding (1e-9). */
  explain(x: Float64Array, n: number): Explanation[] {
    const p = this.#p;
    const phi = new Float64Array(n * p);
    this.explainInto(x, n, phi);
    const raw = this.predictRaw(x, n);
    const baseValue = this.shap().baseValue;
    const out: Explanation[] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = { raw: raw[r], baseValue, contributions: phi.subarray(r * p, r * p + p) };
    return out;
  }

  /** Contributions of the n rows into `phi` (row-major n × p, overwritten); no allocation per row. */
  explainInto(x: Float64Array, n: number, phi: Float64Array): Float64Array {
    this.#checkShape(x, n, phi.length, n * this.#p);
    this.shap().explainInto(x, n, phi);
    return phi;
  }

  /** The TreeSHAP engine, built (tables precomputed) on first use. */
  shap(): TreeShap {
    this.#shap ??= new TreeShap(this.data, this.#shapOptions);
    return this.#shap;
  }

  #checkShape(x: Float64Array, n: number, outLength: number, outNeeded: number): void {
    if (!Number.isInteger(n) || n < 0 || x.length < n * this.#p || outLength < outNeeded) {
      throw new RiskgateError('BAD_REQUEST', {
        reason: `expected ${n} rows of ${this.#p} features (${n * this.#p} values, output ${outNeeded}); got ${x.length} values, output ${outLength}`,
      });
    }
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Null when the ensemble's features are the signature's, in order; else the mismatch. */
function checkFeatures(data: TreeEnsembleData, signature: Signature): string | null {
  const names = signature.features.map((f) => f.name);
  if (names.length !== data.featureNames.length || names.some((n, i) => n !== data.featureNames[i])) {
    return `the ensemble's features [${data.featureNames.join(', ')}] are not the signature's [${names.join(', ')}]`;
  }
  return null;
}

/** Renumbers a checked ensemble into the prediction layout of {@link TreeEnsembleModel}. */
function flattenForPrediction(data: TreeEnsembleData) {
  const trees = data.treeOffsets.length - 1;
  const total = data.feature.length;
  const splits = data.feature.reduce((a, f) => a + (f >= 0 ? 1 : 0), 0);
  const out = {
    root: new Int32Array(trees),
    feature: new Int32Array(splits),
    threshold: new Float64Array(splits),
    left: new Int32Array(splits),
    right: new Int32Array(splits),
    missing: new Int32Array(splits),
    leafValue: new Float64Array(total - splits),
  };
  let nextSplit = 0;
  let nextLeaf = 0;
  const place = (k: number): number => {
    if (data.feature[k] < 0) {
      out.leafValue[nextLeaf] = data.value[k];
      return ~nextLeaf++;
    }
    const s = nextSplit++;
    out.feature[s] = data.feature[k];
    out.threshold[s] = data.threshold[k];
    out.left[s] = place(data.left[k]);
    out.right[s] = place(data.right[k]);
    out.missing[s] = data.defaultLeft[k] === 1 ? out.left[s] : out.right[s];
    return s;
  };
  for (let t = 0; t < trees; t++) out.root[t] = place(data.treeOffsets[t]);
  return out;
}
