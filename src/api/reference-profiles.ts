import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRiskgateError } from '../errors.js';
import { readArtifact } from '../model/index.js';
import { parseReferenceProfile, REFERENCE_PROFILE_FILE, type ReferenceProfile } from '../monitor/index.js';
import type { ModelRegistry } from '../registry/index.js';

/** Why a version has no drift report: said in the drift response instead of a 500. */
export const NO_REFERENCE_PROFILE = `no reference profile: the artifact holds no ${REFERENCE_PROFILE_FILE} (models trained by riskgate have one; imported models do not)`;

/** A version's reference profile, or the sentence saying why there is none. */
export type ProfileLookup = { readonly profile: ReferenceProfile } | { readonly profile: null; readonly reason: string };

/**
 * The reference profiles of registered versions, read from their sealed artifacts (every
 * checksum verified first) and kept in memory by version and checksum: an artifact never
 * changes under a version name, so one read per version per process is enough.
 */
export class ReferenceProfiles {
  readonly #registry: ModelRegistry | undefined;
  readonly #cache = new Map<string, ProfileLookup>();

  constructor(registry: ModelRegistry | undefined) {
    this.#registry = registry;
  }

  /** The profile of `version`; never throws: an unknown version, a missing or a damaged profile give a reason. */
  async get(version: string): Promise<ProfileLookup> {
    if (!this.#registry) return { profile: null, reason: 'no model registry in this server' };
    let path: string;
    let checksum: string;
    try {
      ({ path, checksum } = await this.#registry.get(version));
    } catch (e) {
      if (isRiskgateError(e, 'MODEL_NOT_FOUND')) return { profile: null, reason: `version ${version} is not registered` };
      throw e;
    }
    const key = `${version}\u0000${checksum}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const found = this.#read(path);
    this.#cache.set(key, found);
    return found;
  }

  #read(path: string): ProfileLookup {
    try {
      const artifact = readArtifact(path);
      if (!artifact.files.includes(REFERENCE_PROFILE_FILE)) return { profile: null, reason: NO_REFERENCE_PROFILE };
      return { profile: parseReferenceProfile(readFileSync(join(path, REFERENCE_PROFILE_FILE), 'utf8')) };
    } catch (e) {
      // A damaged artifact is the registry's alarm to raise (verify, ARTIFACT_TAMPERED); here it only means no drift.
      return { profile: null, reason: `reference profile unreadable: ${(e as Error).message}` };
    }
  }
}
