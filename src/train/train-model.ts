import { featureNames, HEART_SIGNATURE, permissiveSignature, type Dataset, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { LogisticModel, TreeEnsembleModel, type Model } from '../model/index.js';
import { resolveHyperparameters, type Hyperparameters, type TrainableAlgorithm } from './hyperparameters.js';
import { trainGbdt, type GbdtParams } from './train-gbdt.js';
import { trainLogistic, type LogisticParams } from './train-logistic.js';
import { trainRandomForest, type RandomForestParams } from './train-random-forest.js';

/** What to train. */
export interface TrainOptions {
  readonly algorithm: TrainableAlgorithm;
  /** Overrides of the algorithm's defaults (unknown keys are refused). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Seed of every random choice; the same seed and data give the same model. Default 0. */
  readonly seed?: number;
  /** The model's signature; defaults to {@link signatureForDataset}. */
  readonly signature?: Signature;
}

/** A fitted model and how it was made. */
export interface TrainedModel {
  readonly model: Model;
  readonly algorithm: TrainableAlgorithm;
  /** The full hyperparameters used (defaults merged with overrides). */
  readonly hyperparameters: Hyperparameters;
  readonly seed: number;
}

/**
 * The signature a data set's columns imply: the heart signature when the columns are its
 * features, otherwise a permissive one over the column names.
 */
export function signatureForDataset(dataset: Dataset): Signature {
  const heart = featureNames(HEART_SIGNATURE);
  const same = heart.length === dataset.features.length && heart.every((f, j) => f === dataset.features[j]);
  return same ? HEART_SIGNATURE : permissiveSignature(dataset.features);
}

/**
 * Fits one model on the whole of `dataset`. Deterministic given `options.seed`. Throws
 * BAD_REQUEST for an unknown algorithm or hyperparameter, a signature whose features are not
 * the data set's columns, or a data set without both classes.
 */
export function trainModel(dataset: Dataset, options: TrainOptions): TrainedModel {
  const seed = options.seed ?? 0;
  const signature = options.signature ?? signatureForDataset(dataset);
  const names = featureNames(signature);
  if (names.length !== dataset.features.length || names.some((f, j) => f !== dataset.features[j])) {
    throw new RiskgateError('BAD_REQUEST', { reason: `the signature's features (${names.join(', ')}) are not the data set's columns (${dataset.features.join(', ')})` });
  }
  let positives = 0;
  for (let i = 0; i < dataset.n; i++) positives += dataset.y[i];
  if (positives === 0 || positives === dataset.n) {
    throw new RiskgateError('BAD_REQUEST', { reason: `training data ${dataset.id} must contain both classes (${positives} of ${dataset.n} rows are positive)` });
  }
  const algorithm = options.algorithm;
  const hyperparameters = resolveHyperparameters(algorithm, options.params);
  let model: Model;
  if (algorithm === 'logistic') {
    model = new LogisticModel(trainLogistic(dataset, signature, hyperparameters as LogisticParams), signature);
  } else if (algorithm === 'gbdt') {
    model = new TreeEnsembleModel(trainGbdt(dataset, hyperparameters as GbdtParams, seed), signature, 'gbdt');
  } else {
    model = new TreeEnsembleModel(trainRandomForest(dataset, hyperparameters as RandomForestParams, seed), signature, 'random-forest');
  }
  return { model, algorithm, hyperparameters, seed };
}
