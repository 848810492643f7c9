import type { Model } from '../model/index.js';

/** A model version loaded in memory, ready to answer. */
export interface PooledModel {
  /** Registry version name, e.g. model-v1.0.0-20261123-1530. */
  readonly version: string;
  /** SHA-256 of the artifact, verified when it was loaded. */
  readonly checksum: string;
  readonly model: Model;
  /** Decision threshold on the probability (the high-risk band starts here). */
  readonly threshold: number;
  /** Epoch ms when it was loaded. */
  readonly loadedAt: number;
}
