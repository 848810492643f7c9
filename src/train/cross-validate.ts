import { subsetDataset, type Dataset, type Signature } from '../data/index.js';
import { chooseThreshold, type ThresholdRule } from './choose-threshold.js';
import { evaluatePredictions, METRIC_NAMES, type Metrics } from './evaluate-predictions.js';
import type { Hyperparameters, TrainableAlgorithm } from './hyperparameters.js';
import { complementRows, repeatedStratifiedKFold } from './stratified-folds.js';
import { trainModel } from './train-model.js';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  readonly algorithm: TrainableAlgorithm;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly signature?: Signature;
  /** Folds per repeat (default 5). */
  readonly folds?: number;
  /** Repeats, with fold seeds seed, seed+1, … (default 1). */
  readonly repeats?: number;
  readonly seed?: number;
  /**
   * Threshold of the threshold-dependent metrics: a number, or a rule applied to each
   * repeat's pooled out-of-fold predictions (default 0.5).
   */
  readonly threshold?: number | ThresholdRule;
  /** Called after each fold with (folds done, total folds). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Mean and sample standard deviation of one metric across folds (NaN folds left out). */
export interface MetricSummary {
  readonly mean: number;
  readonly sd: number;
}

/** A {@link MetricSummary} per metric. */
export type MetricSummaries = { readonly [K in keyof Metrics]: MetricSummary };

/** Result of repeated stratified cross-validation. */
export interface CrossValidationResult {
  readonly algorithm: TrainableAlgorithm;
  readonly hyperparameters: Hyperparameters;
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  /** Metrics of each test fold, repeat-major. */
  readonly foldMetrics: readonly Metrics[];
  /** Mean and sd of each metric over all folds of all repeats. */
  readonly summary: MetricSummaries;
  /** Out-of-fold probability of every row, one array per repeat. */
  readonly outOfFold: readonly Float64Array[];
  /** Threshold used for each repeat's fold metrics. */
  readonly thresholds: readonly number[];
}

/**
 * Repeated stratified k-fold cross-validation: for each repeat r (fold seed `seed + r`) and
 * fold f, trains on the other folds with model seed `1000·(seed + r) + f` and scores the held-out
 * fold. Deterministic given the options. Throws BAD_REQUEST as trainModel does.
 */
export function crossValidate(dataset: Dataset, options: CrossValidateOptions): CrossValidationResult {
  const k = options.folds ?? 5;
  const repeats = options.repeats ?? 1;
  const seed = options.seed ?? 0;
  const rule: ThresholdRule = typeof options.threshold === 'number' ? { kind: 'fixed', value: options.threshold } : (options.threshold ?? { kind: 'fixed', value: 0.5 });
  const plan = repeatedStratifiedKFold(dataset.y, k, repeats, seed);
  const foldMetrics: Metrics[] = [];
  const outOfFold: Float64Array[] = [];
  const thresholds: number[] = [];
  let hyperparameters: Hyperparameters | undefined;
  let done = 0;
  plan.forEach((folds, r) => {
    const oof = new Float64Array(dataset.n);
    folds.forEach((test, f) => {
      const train = subsetDataset(dataset, complementRows(dataset.n, test), `${dataset.id}[cv ${r}.${f} train]`);
      const trained = trainModel(train, { algorithm: options.algorithm, params: options.params, signature: options.signature, seed: 1000 * (seed + r) + f });
      hyperparameters = trained.hyperparameters;
      const held = subsetDataset(dataset, test);
      trained.model.predict(held.x, held.n).forEach((q, i) => (oof[test[i]] = q.probability));
      options.onProgress?.(++done, k * repeats);
    });
    // Threshold rules see the whole repeat's out-of-fold predictions, never a single fold.
    const threshold = chooseThreshold(dataset.y, oof, rule);
    for (const test of folds) {
      const y = Array.from(test, (r) => dataset.y[r]);
      foldMetrics.push(evaluatePredictions(y, Array.from(test, (r) => oof[r]), threshold));
    }
    outOfFold.push(oof);
    thresholds.push(threshold);
  });
  return {
    algorithm: options.algorithm,
    hyperparameters: hyperparameters as Hyperparameters,
    folds: k,
    repeats,
    seed,
    foldMetrics,
    summary: summariseMetrics(foldMetrics),
    outOfFold,
    thresholds,
  };
}

/** Mean and sample sd of every metric over `rows`, leaving out NaN values. */
export function summariseMetrics(rows: readonly Metrics[]): MetricSummaries {
  const out = {} as { -readonly [K in keyof Metrics]: MetricSummary };
  for (const name of METRIC_NAMES) {
    const v = rows.map((m) => m[name]).filter((x) => !Number.isNaN(x));
    const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN;
    const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : Number.NaN;
    out[name] = { mean, sd };
  }
  return out;
}
