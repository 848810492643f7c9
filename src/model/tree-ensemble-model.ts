import type { Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import type { Algorithm, Explanation, Model, ModelFile, Prediction, ScoreSpace, TreeEnsembleData } from './model.js';
import { checkTreeEnsemble } from './tree-ensemble-check.js';
import { readTreeEnsembleFile, writeTreeEnsembleFile } from './tree-ensemble-file.js';
import { TreePredictor } from './tree-predictor.js';
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
  readonly #shapOptions: TreeShapOptions;
  #shap: TreeShap | undefined;
  readonly #predictor: TreePredictor;

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
    this.#shapOptions = shapOptions;
    this.#predictor = new TreePredictor(data);
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
    this.#predictor.predictRaw(x, n, out);
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
    const logistic = this.data.link === 'logistic';
    const out: Explanation[] = new Array(n);
    for (let r = 0; r < n; r++) out[r] = { raw: raw[r], probability: logistic ? sigmoid(raw[r]) : raw[r], baseValue, contributions: phi.subarray(r * p, r * p + p) };
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
