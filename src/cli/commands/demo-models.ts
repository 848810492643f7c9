import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HEART_SIGNATURE, loadDataset } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';
import { LogisticModel, writeArtifact, type Model, type ModelFile, type NewArtifactMetadata } from '../../model/index.js';
import type { Config } from '../../config/index.js';
import { ModelRegistry } from '../../registry/index.js';
import { openStore, type OpenStoreOptions } from '../../store/index.js';
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

/**
 * Before a server's first start: migrates the configured store, registers `built` and makes it
 * production, so the server starts on this model instead of training its default one (the
 * demo and the tests compare versions they trained themselves). Returns the version.
 */
export async function seedProduction(config: Config, built: BuiltModel, actor: string, reason: string, storeOptions: OpenStoreOptions = {}): Promise<string> {
  const store = await openStore(config.store.url, storeOptions);
  try {
    const run = await store.migrate();
    if (run.error) throw run.error;
    const registry = new ModelRegistry({ store, modelPath: config.models.path, env: config.env, strict: config.security.strict_mode });
    const version = await registerBuiltModel(registry, config.models.path, built, actor);
    await registry.promote(version, 'production', { actor, reason });
    return version;
  } finally {
    await store.close();
  }
}
