import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../config/index.js';
import { isRiskgateError } from '../errors.js';
import { openStore } from '../store/index.js';
import { createServer } from './create-server.js';

/** A strong secret for tests (never a real one). */
const SECRET = 'test-secret-7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e';
/** A migration name no riskgate has (yet): what a newer version would leave behind. */
const FUTURE_MIGRATION = '9999_from_a_newer_riskgate';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A development configuration (SQLite that migrates itself) in a fresh folder. */
function developmentConfig(overrides?: Record<string, unknown>): Config {
  const dir = mkdtempSync(join(tmpdir(), 'rg-create-server-'));
  dirs.push(dir);
  return loadConfig({
    env: 'development', cwd: dir, overrides,
    vars: { SECRET_KEY: SECRET, DATABASE_URL: `sqlite:${join(dir, 'riskgate.db')}`, MODEL_PATH: join(dir, 'models') },
  });
}

describe('createServer in development (SQLite migrates itself)', () => {
  it('refuses a database that is ahead of the code with DATABASE_AHEAD, touching nothing', async () => {
    const config = developmentConfig();
    const store = await openStore(config.store.url);
    const run = await store.migrate();
    expect(run.error).toBeNull();
    await store.close();
    // A newer riskgate applied a migration this code does not know.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const db = new BetterSqlite3(config.store.url.slice('sqlite:'.length));
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(FUTURE_MIGRATION, '2030-01-01T00:00:00.000Z');
    db.close();

    const error = await createServer(config, { logger: false }).then(() => null, (e: unknown) => e);
    expect(isRiskgateError(error, 'DATABASE_AHEAD')).toBe(true);
    expect((error as Error).message).toContain(FUTURE_MIGRATION);
    expect((error as Error).message).toMatch(/upgrade riskgate/);

    // Nothing was migrated, bootstrapped or keyed on the way out.
    const after = await openStore(config.store.url);
    try {
      expect(await after.migrationStatus()).toMatchObject({ pending: [], unknown: [FUTURE_MIGRATION] });
      expect(await after.models.list()).toEqual([]);
      expect(await after.keys.list({ includeRevoked: true })).toEqual([]);
    } finally {
      await after.close();
    }
  });

  it('still migrates a fresh database and starts', async () => {
    const server = await createServer(developmentConfig(), { logger: false, bootstrap: false });
    try {
      expect((await server.deps.store.migrationStatus()).pending).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('createServer and scheduled backups', () => {
  it('writes archives on backups.schedule and stops the schedule on close', async () => {
    const config = developmentConfig({ backups: { schedule: '* * * * * *' } }); // every second (six-field cron)
    const server = await createServer(config, { logger: false, bootstrap: false });
    try {
      await vi.waitFor(() => expect(existsSync(config.backups.dir) && readdirSync(config.backups.dir).some((f) => f.endsWith('.tar.gz'))).toBe(true), { timeout: 20_000, interval: 100 });
    } finally {
      await server.close();
    }
    // Closed: no run in progress (close awaited it) and none scheduled after, so no partial archive is left.
    expect(readdirSync(config.backups.dir).every((f) => f.endsWith('.tar.gz'))).toBe(true);
  });

  it('refuses an unreadable schedule at start with CONFIG_INVALID naming the setting', async () => {
    const config = developmentConfig({ backups: { schedule: 'whenever it suits' } });
    const error = await createServer(config, { logger: false, bootstrap: false }).then(() => null, (e: unknown) => e);
    expect(isRiskgateError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/backups\.schedule/);
  });
});
