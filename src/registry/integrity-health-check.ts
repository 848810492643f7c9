import type { ModelRegistry } from './model-registry.js';

/** The shape of a /health/detailed component (src/api's HealthCheck), without importing api. */
export interface IntegrityHealthCheck {
  readonly name: string;
  readonly essential: boolean;
  check(): Promise<{ readonly ok: boolean; readonly details?: Record<string, unknown> }>;
}

/**
 * A /health/detailed component that verifies every registered artifact's checksums and lists
 * each version's integrity (the offending file and why, for a tampered one). Not essential:
 * a damaged old version must not take the server out of rotation; the production model's own
 * check covers what is served. Never throws.
 */
export function registryIntegrityCheck(registry: Pick<ModelRegistry, 'integrity'>): IntegrityHealthCheck {
  return {
    name: 'model_artifacts',
    essential: false,
    check: async () => {
      try {
        const versions = await registry.integrity();
        return { ok: versions.every((v) => v.ok), details: { versions } };
      } catch (e) {
        return { ok: false, details: { error: (e as Error).message } };
      }
    },
  };
}
