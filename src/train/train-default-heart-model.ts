import { HEART_SIGNATURE, loadDataset, type Dataset } from '../data/index.js';
import type { NewArtifactMetadata } from '../model/index.js';
import { crossValidate, type MetricSummaries } from './cross-validate.js';
import { evaluatePredictions, type Metrics } from './evaluate-predictions.js';
import type { TrainableAlgorithm } from './hyperparameters.js';
import { trainModel, type TrainedModel } from './train-model.js';
import { trainingMetadata } from './training-metadata.js';

/**
 * The algorithm of the default heart model: the best mean AUC on Cleveland under 5 × 5
 * repeated stratified CV (BENCHMARKS.md, "Model quality"), and the fastest to train.
 */
export const DEFAULT_HEART_ALGORITHM: TrainableAlgorithm = 'logistic';
/** The default model is a screening aid: its threshold catches at least this share of disease. */
export const DEFAULT_TARGET_SENSITIVITY = 0.85;
/** Folds of the cross-validation that picks the threshold and reports the metrics. */
const DEFAULT_CV_FOLDS = 5;

/** The default heart model with everything an artifact's metadata needs. */
export interface DefaultHeartModel extends TrainedModel {
  readonly dataset: Dataset;
  /** Operating threshold on the probability, chosen on out-of-fold predictions. */
  readonly threshold: number;
  /** Cross-validated metrics: the pooled out-of-fold metrics at the threshold, and the per-fold summary. */
  readonly metrics: {
    readonly protocol: string;
    readonly outOfFold: Metrics;
    readonly folds: MetricSummaries;
  };
  /** Ready for `writeArtifact(dir, {model, metadata})`. */
  readonly metadata: NewArtifactMetadata;
}

/**
 * Trains the model the server serves on first start when it has none: the
 * {@link DEFAULT_HEART_ALGORITHM} fitted on all of Cleveland. Its threshold is the highest
 * that keeps out-of-fold sensitivity ≥ {@link DEFAULT_TARGET_SENSITIVITY} in one seeded
 * 5-fold CV, whose metrics are reported. Deterministic given `seed`; well under a second.
 */
export function trainDefaultHeartModel(seed = 0): DefaultHeartModel {
  const dataset = loadDataset('uci:cleveland');
  const algorithm = DEFAULT_HEART_ALGORITHM;
  const rule = { kind: 'sensitivity', target: DEFAULT_TARGET_SENSITIVITY } as const;
  const cv = crossValidate(dataset, { algorithm, signature: HEART_SIGNATURE, folds: DEFAULT_CV_FOLDS, repeats: 1, seed, threshold: rule });
  const [oof] = cv.outOfFold;
  const [threshold] = cv.thresholds;
  const trained = trainModel(dataset, { algorithm, signature: HEART_SIGNATURE, seed });
  const metrics = {
    protocol: `stratified ${DEFAULT_CV_FOLDS}-fold CV, seed ${seed}`,
    outOfFold: evaluatePredictions(dataset.y, oof, threshold),
    folds: cv.summary,
  };
  return { ...trained, dataset, threshold, metrics, metadata: trainingMetadata(trained, dataset, metrics, threshold) };
}
