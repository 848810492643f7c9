import type { ModelRegistry } from '../registry/index.js';
import type { ModelResolver } from './score-job.js';

/** The alias a job scores with when it names no model. */
export const DEFAULT_SCORING_ALIAS = 'production';

/**
 * Resolves job models through the registry (a version or an alias; production by default),
 * verifying the artifact's checksums on load, and caches loaded versions: a version's
 * artifact never changes, so one load serves every job that uses it.
 */
export function registryModelResolver(registry: ModelRegistry): ModelResolver {
  const cache = new Map<string, Awaited<ReturnType<ModelResolver>>>();
  return async (versionOrAlias) => {
    const version = await registry.resolve(versionOrAlias ?? DEFAULT_SCORING_ALIAS);
    const hit = cache.get(version);
    if (hit) return hit;
    const loaded = await registry.load(version);
    const resolved = { model: loaded.model, version: loaded.version, threshold: loaded.metadata.threshold ?? undefined };
    cache.set(version, resolved);
    return resolved;
  };
}
