import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RiskgateError } from '../errors.js';
import { trainingDataOf, writeArtifact } from '../model/index.js';
import { buildReferenceProfile, REFERENCE_PROFILE_FILE } from '../monitor/index.js';
import type { ModelRegistry } from '../registry/index.js';
import type { Store } from '../store/index.js';
import { DEFAULT_HEART_ALGORITHM, trainDefaultHeartModel } from '../train/index.js';

/** Seed of the default model trained on first start (deterministic). */
export const DEFAULT_MODEL_SEED = 0;
/** Reason recorded with the first production alias move. */
const BOOTSTRAP_REASON = `first start with an empty registry: default heart model (${DEFAULT_HEART_ALGORITHM}, UCI Cleveland rows outside heart-validation/1)`;

/**
 * What the operator of a server without a production model should do. A strict environment
 * never trains the default model itself: there a model reaches production only through its
 * gates and staging, so the operator registers and promotes one.
 */
export function noProductionModelAdvice(env: string, strict: boolean): string {
  if (!strict) return 'no production model: register and promote one (riskgate models register DIR; models promote V --alias production)';
  return `no production model in ${env}, a strict environment, so the default model is not trained here: register a model (riskgate models register DIR --env ${env}), ` +
    `promote it to staging (its gates must pass: riskgate models validate V --env ${env}), then to production; until then predictions answer NO_PRODUCTION_MODEL`;
}

/**
 * On first start with an empty registry, outside strict environments only: trains the default
 * heart model, writes its artifact (with the reference profile of its training data, for
 * drift), registers it and makes it production directly. Returns the version, or null when the
 * registry already has versions (nothing is touched then). In a strict environment it throws
 * BAD_REQUEST with {@link noProductionModelAdvice}: making an untested model production there
 * is exactly what the strict promotion rules forbid.
 */
export async function bootstrapDefaultModel(store: Store, registry: ModelRegistry, scratchDir: string): Promise<string | null> {
  if (registry.strict) throw new RiskgateError('BAD_REQUEST', { reason: `the default model is only bootstrapped outside strict environments; ${noProductionModelAdvice(registry.env, true)}` });
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

