import { isRiskgateError } from '../errors.js';

/** What the controller needs to know about model versions (implemented over the registry). */
export interface VersionCatalog {
  /** The version production points at, or null when none does. */
  productionVersion(): Promise<string | null>;
  /** Whether a version is registered. */
  hasVersion(version: string): Promise<boolean>;
  /** The version production pointed at before the current one, or null. */
  previousProductionVersion(): Promise<string | null>;
}

/** The part of src/registry's ModelRegistry the catalog uses. */
export interface RegistryReader {
  resolve(versionOrAlias: string): Promise<string>;
  history(alias?: string): Promise<readonly { readonly from: string | null; readonly to: string | null }[]>;
}

/** A VersionCatalog over the model registry (MODEL_NOT_FOUND becomes null/false). */
export function registryVersionCatalog(registry: RegistryReader): VersionCatalog {
  const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (e) {
      if (isRiskgateError(e, 'MODEL_NOT_FOUND')) return null;
      throw e;
    }
  };
  return {
    productionVersion: () => orNull(() => registry.resolve('production')),
    hasVersion: async (version) => (await orNull(() => registry.resolve(version))) !== null,
    previousProductionVersion: async () => {
      const moves = await registry.history('production'); // newest first
      const current = moves[0]?.to ?? null;
      // The most recent move onto the current version tells where production came from.
      return moves.find((m) => m.to === current && m.from !== null && m.from !== current)?.from ?? null;
    },
  };
}
