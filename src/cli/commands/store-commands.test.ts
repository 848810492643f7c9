import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../auth/index.js';
import { loadConfig } from '../../config/index.js';
import { openBackup, openStore } from '../../store/index.js';
import { backupBeforeMigration } from './migrate.js';

const BIN = fileURLToPath(new URL('../../../bin/riskgate.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'riskgate-cli-store-'));
const dbFile = join(dir, 'var', 'cli.db');

/** Runs `riskgate ARGS` in the temp folder against its own SQLite file; never rejects. */
function riskgate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, DEPLOYMENT_ENV: 'development' };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('riskgate migrate, keys and audit (against a SQLite file, no server)', () => {
  it('migrate --dry-run lists the pending migration with its SQL and changes nothing; migrate applies it', async () => {
    const dry = await riskgate('migrate', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Pending: 0001_initial, 0002_feedback_created_index, 0003_feedback_created_id_index');
    expect(dry.stdout).toContain('create table "audit_log"');
    const store = await openStore(`sqlite:${dbFile}`);
    expect((await store.migrationStatus()).pending).toEqual(['0001_initial', '0002_feedback_created_index', '0003_feedback_created_id_index']);
    await store.close();
    const run = await riskgate('migrate');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Applied now: 0001_initial, 0002_feedback_created_index, 0003_feedback_created_id_index');
  });

  it('creates a key printed once, lists, rotates and revokes it, auditing each change', async () => {
    const created = await riskgate('keys', 'create', '--role', 'deployer', '--name', 'ci-bot');
    expect(created.code).toBe(0);
    const plaintext = created.stdout.trim();
    expect(plaintext).toMatch(/^rg_live_[0-9A-Za-z]{40}$/);
    const listed = JSON.parse((await riskgate('keys', 'list', '--json')).stdout) as { id: string; name: string; role: string; prefix: string }[];
    const key = listed.find((k) => k.name === 'ci-bot');
    expect(key).toMatchObject({ role: 'deployer', prefix: plaintext.slice(0, 12) });
    expect(JSON.stringify(listed)).not.toContain(plaintext);

    const rotated = await riskgate('keys', 'rotate', key?.id ?? '', '--grace', '3600');
    expect(rotated.code).toBe(0);
    const replacement = rotated.stdout.trim();
    expect(replacement).toMatch(/^rg_live_/);
    const store = await openStore(`sqlite:${dbFile}`);
    try {
      const service = new KeyService({ store });
      // Both keys work during the grace period.
      expect((await service.authenticate(plaintext, { allowTestKeys: false })).id).toBe(key?.id);
      expect((await service.authenticate(replacement, { allowTestKeys: false })).role).toBe('deployer');
      expect((await riskgate('keys', 'revoke', key?.id ?? '')).code).toBe(0);
      await expect(new KeyService({ store }).authenticate(plaintext, { allowTestKeys: false })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      await store.close();
    }
    const bad = await riskgate('keys', 'create', '--role', 'root');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('BAD_REQUEST');

    const audit = JSON.parse((await riskgate('audit', 'list', '--limit', '10', '--json')).stdout) as { action: string; actor: string }[];
    expect(audit.map((r) => r.action)).toEqual(['keys.revoke', 'keys.rotate', 'keys.create', 'migrate']);
    expect(audit.every((r) => r.actor.startsWith('cli:'))).toBe(true);
  });

  it('audit verify passes on an intact chain and exits 1 naming the first broken link after tampering', async () => {
    const ok = await riskgate('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Audit chain OK: 4 records verified.');
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(dbFile);
    raw.prepare('delete from audit_log where seq = 2').run();
    raw.close();
    const broken = await riskgate('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at record 2 (missing-record)');
  });

  it('backs up a SQLite database before migrating', async () => {
    const config = loadConfig({ vars: { DATABASE_URL: `sqlite:${dbFile}` }, cwd: dir });
    const store = await openStore(config.store.url);
    try {
      const file = await backupBeforeMigration(store, config, Date.UTC(2026, 10, 23, 12));
      expect(file).toBe(join(config.backups.dir, 'pre-migrate-20261123-120000.tar.gz'));
      // The full archive: it verifies and holds the database as it was.
      const opened = await openBackup(file);
      expect(opened.manifest.database.method).toBe('sqlite-online-backup');
      expect(opened.counts.api_keys).toBe(2);
      opened.dispose();
    } finally {
      await store.close();
    }
  });
});
