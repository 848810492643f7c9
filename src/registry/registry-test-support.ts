import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEART_SIGNATURE, loadHeartTrainingPool, type Dataset, type Signature } from '../data/index.js';
import { trainingDataOf, writeArtifact } from '../model/index.js';
import { openStore, type Store } from '../store/index.js';
import { trainModel } from '../train/index.js';
import { dropSchemas } from '../../test/helpers/postgres.js';
import { ModelRegistry, type ModelRegistryOptions } from './model-registry.js';

/** A registry on a fresh SQLite file in a temporary folder, with a settable clock. */
export interface TestRegistry {
  readonly registry: ModelRegistry;
  readonly store: Store;
  readonly dir: string;
  /** Sets the registry's clock. */
  setNow(at: Date): void;
  cleanup(): Promise<void>;
}

export { probePostgres } from '../../test/helpers/postgres.js';

/** Where a test registry keeps its records: a fresh SQLite file (default) or a PostgreSQL schema of its own. */
export type TestStoreKind = { readonly kind: 'sqlite' } | { readonly kind: 'postgres'; readonly url: string };

/** Opens a registry for a test (artifacts under the OS temp folder; everything removed by cleanup). */
export async function createTestRegistry(options: Partial<Omit<ModelRegistryOptions, 'store' | 'modelPath' | 'now'>> & { readonly storeKind?: TestStoreKind } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-registry-'));
  const kind = options.storeKind ?? { kind: 'sqlite' };
  const schema = `rg_registry_${randomBytes(8).toString('hex')}`;
  const store = kind.kind === 'sqlite' ? await openStore(`sqlite:${join(dir, 'riskgate.db')}`) : await openStore(kind.url, { schema });
  const run = await store.migrate();
  if (run.error) throw run.error;
  let now = new Date('2026-11-23T15:30:00Z');
  const registry = new ModelRegistry({ store, modelPath: join(dir, 'models'), env: options.env ?? 'development', strict: options.strict ?? false, promotionCheck: options.promotionCheck, now: () => now });
  return {
    registry, store, dir,
    setNow: (at) => (now = at),
    cleanup: async () => {
      await store.close();
      if (kind.kind === 'postgres') await dropSchemas(kind.url, [schema]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cleveland without the rows heart-validation/1 holds out (the honest training pool). */
export function heartTrainingPool(): Dataset {
  return loadHeartTrainingPool();
}

/** What to train into a test artifact. */
export interface TestArtifactSpec {
  readonly algorithm?: 'logistic' | 'gbdt' | 'random-forest';
  readonly data?: Dataset;
  readonly threshold?: number;
  readonly seed?: number;
  readonly signature?: Signature;
}

/** Trains a model and writes it as an artifact folder at `dir`; returns `dir`. */
export function writeTrainedArtifact(dir: string, spec: TestArtifactSpec = {}): string {
  const data = spec.data ?? heartTrainingPool();
  const t = trainModel(data, { algorithm: spec.algorithm ?? 'logistic', seed: spec.seed ?? 0, signature: spec.signature ?? HEART_SIGNATURE });
  writeArtifact(dir, {
    model: t.model,
    metadata: { hyperparameters: { ...t.hyperparameters }, training_data: trainingDataOf(data), metrics: {}, threshold: spec.threshold ?? 0.5, git_commit: null },
  });
  return dir;
}
