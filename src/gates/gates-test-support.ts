import { join } from 'node:path';
import { HEART_SIGNATURE, type Dataset } from '../data/index.js';
import { LogisticModel, trainingDataOf, writeArtifact, type LogisticModelData, type Model } from '../model/index.js';
import { Random, trainModel, type TrainableAlgorithm } from '../train/index.js';

/** Writes a model as an artifact folder under `root` named `name`, with an operating threshold. */
export function writeModelArtifact(root: string, name: string, model: Model, data: Dataset, threshold: number): string {
  const dir = join(root, name);
  writeArtifact(dir, { model, metadata: { hyperparameters: {}, training_data: trainingDataOf(data), metrics: {}, threshold, git_commit: null } });
  return dir;
}

/** Trains a heart model on `data`. */
export function trainHeart(data: Dataset, algorithm: TrainableAlgorithm, seed = 0): Model {
  return trainModel(data, { algorithm, signature: HEART_SIGNATURE, seed }).model;
}

/** The same rows with labels permuted at random (a model of these learns nothing real). */
export function shuffleLabels(data: Dataset, seed: number): Dataset {
  const y = Uint8Array.from(data.y);
  const r = new Random(seed);
  for (let i = y.length - 1; i > 0; i--) {
    const j = r.nextInt(i + 1);
    [y[i], y[j]] = [y[j], y[i]];
  }
  return { ...data, id: `${data.id}[shuffled]`, y };
}

/** The same rows with the labels of rows matching `where` inverted (a model learns the wrong thing for them). */
export function invertLabelsWhere(data: Dataset, where: (row: Float64Array) => boolean): Dataset {
  const p = data.features.length;
  const y = Uint8Array.from(data.y, (v, i) => (where(data.x.subarray(i * p, i * p + p)) ? 1 - v : v));
  return { ...data, id: `${data.id}[inverted]`, y };
}

/** A logistic model whose linear predictor is multiplied by `factor` (> 1: overconfident, < 1: timid). */
export function scaleLogistic(model: Model, factor: number): Model {
  const file = model.toJSON();
  if (file.format !== 'riskgate-logistic/1') throw new Error('scaleLogistic needs a logistic model');
  const d = file.logistic;
  const scaled: LogisticModelData = { ...d, intercept: d.intercept * factor, terms: d.terms.map((t) => ({ ...t, weight: t.weight * factor })) };
  return new LogisticModel(scaled, model.signature);
}
