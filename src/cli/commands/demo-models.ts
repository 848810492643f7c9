import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HEART_SIGNATURE, loadDataset } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';
import { LogisticModel, writeArtifact, type Model, type ModelFile, type NewArtifactMetadata } from '../../model/index.js';
import type { ModelRegistry } from '../../registry/index.js';
import { crossValidate, evaluatePredictions, trainingMetadata, trainModel, type TrainableAlgorithm } from '../../train/index.js';

/** Sensitivity the demo's thresholds keep (the default heart model's screening rule). */
const TARGET_SENSITIVITY = 0.85;
/** Folds of the cross-validation that picks the threshold. */
const CV_FOLDS = 5;

/** A model ready to be written as an artifact. */
export interface BuiltModel {
  readonly model: Model;
  readonly metadata: NewArtifactMetadata;
}

/**
 * Trains a heart model on UCI sites (`uci:cleveland` or `uci:cleveland,uci:hungarian`) with
 * the threshold that keeps cross-validated sensitivity ≥ 0.85, as the default model is made.
 * Deterministic given the seed.
 */
export function trainHeartModel(source: string, algorithm: TrainableAlgorithm = 'logistic', seed = 0): BuiltModel {
  const dataset = loadDataset(source);
  const cv = crossValidate(dataset, {
    algorithm, signature: HEART_SIGNATURE, folds: CV_FOLDS, repeats: 1, seed, threshold: { kind: 'sensitivity', target: TARGET_SENSITIVITY },
  });
  const threshold = cv.thresholds[0];
  const trained = trainModel(dataset, { algorithm, signature: HEART_SIGNATURE, seed });
  const metrics = { protocol: `stratified ${CV_FOLDS}-fold CV, seed ${seed}`, outOfFold: evaluatePredictions(dataset.y, cv.outOfFold[0], threshold), folds: cv.summary };
  return { model: trained.model, metadata: trainingMetadata(trained, dataset, metrics, threshold) };
}

/**
 * A deliberately broken copy of a logistic model: every coefficient and the intercept negated,
 * so each patient's risk becomes 1 − risk (the sickest look healthiest). It still loads, verifies
 * and answers quickly — only the rollout's analysis can tell it is wrong. For demos and tests.
 */
export function invertLogisticModel(built: BuiltModel): BuiltModel {
  const file = built.model.toJSON();
  if (file.format !== 'riskgate-logistic/1') throw new RiskgateError('BAD_REQUEST', { reason: 'only a logistic model can be inverted' });
  const inverted: ModelFile = {
    ...file,
    logistic: { ...file.logistic, intercept: -file.logistic.intercept, terms: file.logistic.terms.map((t) => ({ ...t, weight: -t.weight })) },
  };
  const threshold = built.metadata.threshold;
  return {
    model: LogisticModel.fromFile(inverted, built.model.signature, 'inverted model'),
    // The hyperparameters say what was done, so the model card does not pass it off as trained.
    metadata: { ...built.metadata, threshold: threshold === null ? null : 1 - threshold, hyperparameters: { ...built.metadata.hyperparameters, broken: 'risks inverted on purpose (demo)' } },
  };
}

/** Writes the model as an artifact in a scratch folder under `scratch`, registers it and returns its version. */
export async function registerBuiltModel(registry: ModelRegistry, scratch: string, built: BuiltModel, actor: string): Promise<string> {
  const tmp = mkdtempSync(join(scratch, '.artifact-'));
  try {
    const dir = join(tmp, 'artifact');
    writeArtifact(dir, { model: built.model, metadata: built.metadata });
    return (await registry.register(dir, { actor })).version;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
