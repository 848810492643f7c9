import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { trainingDataOf, writeArtifact } from '../model/index.js';
import { buildReferenceProfile, REFERENCE_PROFILE_FILE } from '../monitor/index.js';
import type { ModelRegistry } from '../registry/index.js';
import type { Store } from '../store/index.js';
import { trainDefaultHeartModel } from '../train/index.js';

/** Seed of the default model trained on first start (deterministic). */
export const DEFAULT_MODEL_SEED = 0;
/** Reason recorded with the first production alias move. */
const BOOTSTRAP_REASON = 'first start with an empty registry: default heart model (logistic, UCI Cleveland)';

/**
 * On first start with an empty registry: trains the default heart model, writes its artifact
 * (with the reference profile of its training data, for drift),
 * registers it and makes it production. Returns the version, or null when the registry
 * already has versions (nothing is touched then).
 */
export async function bootstrapDefaultModel(store: Store, registry: ModelRegistry, scratchDir: string): Promise<string | null> {
  if ((await store.models.list()).length > 0) return null;
  const trained = trainDefaultHeartModel(DEFAULT_MODEL_SEED);
  const tmp = mkdtempSync(join(scratchDir, '.bootstrap-'));
  try {
    const dir = join(tmp, 'artifact');
    // The training rows and the model's own risks on them: what drift is measured against.
    const risks = trained.model.predict(trained.dataset.x, trained.dataset.n).map((q) => q.probability);
    const profile = buildReferenceProfile(trained.dataset, { signature: trained.model.signature, risks });
    writeArtifact(dir, {
      model: trained.model,
      metadata: {
        hyperparameters: { ...trained.hyperparameters, seed: trained.seed },
        training_data: trainingDataOf(trained.dataset),
        metrics: JSON.parse(JSON.stringify(trained.metrics)) as Record<string, unknown>,
        threshold: trained.threshold,
      },
      extraFiles: { [REFERENCE_PROFILE_FILE]: JSON.stringify(profile) },
    });
    const info = await registry.register(dir, { actor: 'system' });
    await registry.promote(info.version, 'production', { actor: 'system', reason: BOOTSTRAP_REASON });
    return info.version;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

