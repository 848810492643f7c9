import { HEART_SIGNATURE, loadHeartTrainingPool, type Dataset } from '../data/index.js';
import type { NewArtifactMetadata } from '../model/index.js';
import { crossValidate, type MetricSummaries } from './cross-validate.js';
import { evaluatePredictions, type Metrics } from './evaluate-predictions.js';
import type { TrainableAlgorithm } from './hyperparameters.js';
import { trainModel, type TrainedModel } from './train-model.js';
import { trainingMetadata } from './training-metadata.js';

/**
 * The algorithm of the default heart model: gradient-boosted trees. Logistic regression has
 * the best AUC on Cleveland under CV (BENCHMARKS.md, "Model quality"), but on heart-validation/1
 * it misses the release gates: its sensitivity falls below 0.80 on the Hungarian patients,
 * who lack slope, ca and thal (imputed means), and its sensitivity gap between women and men
 * exceeds 0.15. Boosted trees route missing values by a learned default direction and pass
 * every gate at the threshold rule below, for fold seeds 0–4 (a model chosen knowing the
 * gates: see BENCHMARKS.md, "The default model").
 */
export const DEFAULT_HEART_ALGORITHM: TrainableAlgorithm = 'gbdt';
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
 * {@link DEFAULT_HEART_ALGORITHM} fitted on the Cleveland training pool (the 228 rows
 * heart-validation/1 does not hold out, so its gate report is not optimistic). Its threshold
 * is the highest that keeps out-of-fold sensitivity ≥ {@link DEFAULT_TARGET_SENSITIVITY} in
 * one seeded 5-fold CV of that pool, whose metrics are reported. Deterministic given `seed`;
 * under a second.
 */
export function trainDefaultHeartModel(seed = 0): DefaultHeartModel {
  const dataset = loadHeartTrainingPool();
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
