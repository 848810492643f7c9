import type { Dataset } from '../data/index.js';
import { trainingDataOf, type NewArtifactMetadata } from '../model/index.js';
import type { TrainedModel } from './train-model.js';

/**
 * The metadata of an artifact for a model trained here: hyperparameters (with the seed),
 * training data id and SHA-256, the metrics given (cross-validated and apparent), and the
 * operating threshold. Pass the result to `writeArtifact(dir, {model, metadata})`; created_at
 * and git_commit are filled there.
 */
export function trainingMetadata(trained: TrainedModel, dataset: Dataset, metrics: Readonly<Record<string, unknown>>, threshold: number | null): NewArtifactMetadata {
  return {
    hyperparameters: { ...trained.hyperparameters, seed: trained.seed },
    training_data: trainingDataOf(dataset),
    // A JSON round trip turns NaN (an undefined metric) into null, as it is stored.
    metrics: JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>,
    threshold,
  };
}
