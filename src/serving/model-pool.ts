import { RiskgateError } from '../errors.js';
import type { PooledModel } from './pooled-model.js';

/** Loads one registered version (artifact read and checksums verified) for the pool. */
export type ModelLoader = (version: string) => Promise<PooledModel>;

/**
 * The model versions loaded in this process, by version name. The router decides which
 * version answers; the pool only holds them. Loads are de-duplicated: concurrent
 * `ensureLoaded` calls for one version share one load.
 */
export class ModelPool {
  readonly #models = new Map<string, PooledModel>();
  readonly #loading = new Map<string, Promise<PooledModel>>();
  readonly #loader: ModelLoader | null;

  constructor(loader: ModelLoader | null = null) {
    this.#loader = loader;
  }

  /** Adds (or replaces) a loaded version. */
  add(entry: PooledModel): void {
    this.#models.set(entry.version, entry);
  }

  /** The loaded version, or undefined. Never throws. */
  get(version: string): PooledModel | undefined {
    return this.#models.get(version);
  }

  /** The loaded version; MODEL_NOT_FOUND when it is not loaded. */
  require(version: string): PooledModel {
    const entry = this.#models.get(version);
    if (!entry) throw new RiskgateError('MODEL_NOT_FOUND', { version });
    return entry;
  }

  /** True when the version is loaded. */
  has(version: string): boolean {
    return this.#models.has(version);
  }

  /** Loads the version through the loader unless it is already loaded; idempotent. */
  async ensureLoaded(version: string): Promise<PooledModel> {
    const loaded = this.#models.get(version);
    if (loaded) return loaded;
    if (!this.#loader) throw new RiskgateError('MODEL_NOT_FOUND', { version });
    let pending = this.#loading.get(version);
    if (!pending) {
      pending = this.#loader(version).then(
        (entry) => {
          this.#models.set(version, entry);
          this.#loading.delete(version);
          return entry;
        },
        (e: unknown) => {
          this.#loading.delete(version);
          throw e;
        },
      );
      this.#loading.set(version, pending);
    }
    return pending;
  }

  /** Unloads a version; returns whether it was loaded. */
  remove(version: string): boolean {
    return this.#models.delete(version);
  }

  /** Every loaded version, in load order. */
  list(): PooledModel[] {
    return [...this.#models.values()];
  }
}
