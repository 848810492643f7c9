import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config/index.js';
import { HEART_TRAINING_POOL_ID } from '../data/index.js';
import { isRiskgateError } from '../errors.js';
import { openGatedRegistry, runGates } from '../gates/index.js';
import { HEART_VALIDATION_ID } from '../registry/index.js';
import { openStore, type Store } from '../store/index.js';
import { DEFAULT_HEART_ALGORITHM } from '../train/index.js';
import { bootstrapDefaultModel, noProductionModelAdvice } from './bootstrap-model.js';
import { createServer } from './create-server.js';

/** A strong secret for tests (never a real one). */
const SECRET = 'test-secret-7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e';

/** A configuration of `env` in a fresh folder with an embedded SQLite store. */
function configIn(env: string, dir: string): Config {
  return loadConfig({ env, cwd: dir, vars: { SECRET_KEY: SECRET, DATABASE_URL: `sqlite:${join(dir, 'riskgate.db')}`, MODEL_PATH: join(dir, 'models') } });
}

/** A migrated SQLite store for `config` (staging and production do not migrate on start). */
async function migratedStore(config: Config): Promise<Store> {
  const store = await openStore(config.store.url);
  const run = await store.migrate();
  if (run.error) throw run.error;
  return store;
}

describe('the first-start default model, judged by the real gates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bootstrap-'));
  const config = configIn('development', dir);
  let store: Store;

  beforeAll(async () => {
    store = await migratedStore(config);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes every gate of development on heart-validation/1, trained without its Cleveland rows', async () => {
    const registry = openGatedRegistry(config, store);
    const version = await bootstrapDefaultModel(store, registry, dir);
    expect(version).not.toBeNull();
    expect(await registry.resolve('production')).toBe(version);
    const info = await registry.get(version as string);
    expect(info.metadata).toMatchObject({ algorithm: DEFAULT_HEART_ALGORITHM, training_data: { ids: [HEART_TRAINING_POOL_ID], rows: 228 } });

    const report = await runGates(registry, version as string, { env: config.env, thresholds: config.gates });
    expect(report.validationSet?.id).toBe(HEART_VALIDATION_ID);
    expect(report.gates.filter((g) => g.status === 'fail')).toEqual([]);
    expect(report.passed).toBe(true);
    const discrimination = report.gates.find((g) => g.gate === 'discrimination');
    expect(discrimination?.sentence).not.toMatch(/optimistic/);
    const sensitivity = report.gates.find((g) => g.gate === 'operating-point');
    expect(sensitivity?.value).toBeGreaterThanOrEqual(config.gates.sensitivity_min);

    // A second start finds the registry populated and touches nothing.
    expect(await bootstrapDefaultModel(store, registry, dir)).toBeNull();
  });
});

describe('first start in a strict environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bootstrap-strict-'));
  const config = configIn('staging', dir);

  beforeAll(async () => {
    await (await migratedStore(config)).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains nothing and tells the operator to register a model and promote it through staging', async () => {
    expect(config.security.strict_mode).toBe(true);
    const lines: string[] = [];
    const server = await createServer(config, { logger: false, say: (line) => lines.push(line) });
    try {
      expect(await server.deps.store.models.list()).toEqual([]);
      expect(await server.deps.store.aliases.get('production')).toBeNull();
      expect(lines).toContain(noProductionModelAdvice('staging', true));
      expect(noProductionModelAdvice('staging', true)).toMatch(/riskgate models register DIR --env staging.*staging.*then to production/);
      expect(server.adminKey).toMatch(/^rg_/);
      const ready = await server.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('refuses an explicit bootstrap with BAD_REQUEST, registering nothing', async () => {
    const error = await createServer(config, { logger: false, bootstrap: true }).then(() => null, (e: unknown) => e);
    expect(isRiskgateError(error, 'BAD_REQUEST')).toBe(true);
    expect((error as Error).message).toMatch(/only bootstrapped outside strict environments/);
    const store = await openStore(config.store.url);
    try {
      expect(await store.models.list()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
