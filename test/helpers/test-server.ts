import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RiskgateServer } from '../../src/api/create-server.js';
import { loadConfig, type Config } from '../../src/config/index.js';

/** A heart patient from the Cleveland file (row 1). */
export const PATIENT = { age: 63, sex: 1, cp: 1, trestbps: 145, chol: 233, fbs: 1, restecg: 2, thalach: 150, exang: 0, oldpeak: 2.3, slope: 3, ca: 0, thal: 6 } as const;

/** A strong secret for tests (never a real one). */
export const TEST_SECRET = 'test-secret-7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e';

/** A server in a fresh working folder, and how to clean it up. */
export interface TestServer extends RiskgateServer {
  readonly dir: string;
  readonly config: Config;
  /** Closes the server and deletes its folder. */
  dispose(): Promise<void>;
}

/**
 * Builds a full server (not listening) in a temporary folder, as `riskgate serve` would on
 * first start: SQLite migrated, default model trained and in production, an admin key.
 * `vars` and `overrides` tune the configuration (e.g. a DATABASE_URL, a rate limit).
 */
export async function startTestServer(options: { env?: string; vars?: Record<string, string>; overrides?: Record<string, unknown>; storeOptions?: { schema?: string } } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rg-api-'));
  const config = loadConfig({ env: options.env ?? 'development', cwd: dir, vars: { SECRET_KEY: TEST_SECRET, ...options.vars }, overrides: options.overrides });
  const server = await createServer(config, { logger: false, storeOptions: options.storeOptions });
  return {
    ...server,
    dir,
    config,
    dispose: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
