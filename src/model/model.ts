import type { Signature } from '../data/index.js';

/** Algorithms riskgate can serve. `xgboost` is an imported XGBoost JSON model. */
export const ALGORITHMS = ['gbdt', 'random-forest', 'logistic', 'xgboost'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/**
 * The space of raw scores and SHAP contributions: log-odds (boosted trees, logistic), or
 * probability (random forests, whose raw score is the mean leaf probability).
 */
export type ScoreSpace = 'log-odds' | 'probability';

/** One row's output. */
export interface Prediction {
  readonly probability: number;
  /** Raw score in the model's {@link ScoreSpace}. */
  readonly raw: number;
}

/** One row's exact SHAP explanation: base_value + Σ contributions = raw (to 1e-9). */
export interface Explanation {
  readonly raw: number;
  /** The probability predict gives for the row, so an explained row need not be predicted again. */
  readonly probability: number;
  readonly baseValue: number;
  /** One contribution per signature feature, in signature order. */
  readonly contributions: Float64Array;
}

/**
 * A servable binary classifier. Rows are a row-major Float64Array of n × p values in
 * signature order, NaN for missing. Implementations are immutable and never do I/O; predict
 * and explain never throw on finite or NaN inputs.
 */
export interface Model {
  readonly signature: Signature;
  readonly algorithm: Algorithm;
  readonly space: ScoreSpace;
  /** Probability and raw score of each of the n rows. */
  predict(x: Float64Array, n: number): Prediction[];
  /** Raw scores only, written into `out` (allocation-free hot path); returns `out`. */
  predictRaw(x: Float64Array, n: number, out?: Float64Array): Float64Array;
  /** Exact SHAP values of each of the n rows. */
  explain(x: Float64Array, n: number): Explanation[];
  /** The model file's JSON content (the artifact's model.json). */
  toJSON(): ModelFile;
}

/**
 * A forest in flat structure-of-arrays form: node k of the whole forest is described by
 * entry k of each array; tree t owns nodes treeOffsets[t] … treeOffsets[t+1]-1, its root
 * first. Split semantics follow XGBoost: go left when x < threshold; a missing (NaN) value
 * goes left when defaultLeft is 1. Leaves have feature -1.
 */
export interface TreeEnsembleData {
  readonly featureNames: readonly string[];
  readonly treeOffsets: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Absolute node index of the left/right child (ignored for leaves). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly defaultLeft: Uint8Array;
  /** Leaf value in raw-score units (already multiplied by the learning rate). */
  readonly value: Float64Array;
  /** Training weight reaching the node (sum of hessians for boosting, sample count for forests). */
  readonly cover: Float64Array;
  /** Raw-score offset added to the tree sum (log-odds of base_score for boosting; 0 for forests). */
  readonly baseScore: number;
  /** 'sum' for boosting; 'mean' for forests (raw = baseScore + mean of tree outputs). */
  readonly aggregation: 'sum' | 'mean';
  /** 'logistic' maps raw log-odds to probability; 'identity' when raw already is one. */
  readonly link: 'logistic' | 'identity';
}

/**
 * One term of a logistic model's linear predictor: `weight * value` (code null) or
 * `weight * [value === code]` (an indicator of one categorical code). Weights are in the
 * units of the raw input (standardisation is folded in); `mean` is the term's mean input over
 * the training data, the reference point of exact linear SHAP.
 */
export interface LogisticTerm {
  readonly feature: number;
  readonly code: number | null;
  readonly weight: number;
  readonly mean: number;
}

/** A logistic regression: raw = intercept + Σ terms, missing values replaced by `impute`. */
export interface LogisticModelData {
  readonly featureNames: readonly string[];
  readonly intercept: number;
  readonly terms: readonly LogisticTerm[];
  /** Value used for a missing input, per feature (learned on the training fold). */
  readonly impute: readonly number[];
}

/** The JSON content of an artifact's model file. Typed arrays are stored as plain arrays. */
export type ModelFile =
  | { readonly format: 'riskgate-tree-ensemble/1'; readonly algorithm: Algorithm; readonly ensemble: Record<string, unknown> }
  | { readonly format: 'riskgate-logistic/1'; readonly algorithm: 'logistic'; readonly logistic: LogisticModelData };
