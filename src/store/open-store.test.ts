import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { openStore } from './open-store.js';
import { redactUrl } from './postgres-store.js';

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  const e = await promise.then(() => null, (err: unknown) => err);
  return isRiskgateError(e) ? e.code : e;
}

describe('openStore', () => {
  it('refuses URLs it does not know', async () => {
    expect(await codeOf(openStore('mysql://x'))).toBe('CONFIG_INVALID');
    expect(await codeOf(openStore('sqlite:'))).toBe('CONFIG_INVALID');
  });

  it('creates the parent folder of a SQLite file and reports its dialect and flags', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskgate-open-'));
    try {
      const store = await openStore(`sqlite:${join(dir, 'a', 'b', 'x.db')}`);
      expect(store.dialect).toBe('sqlite');
      expect(store.capabilities).toMatchObject({ crossProcessLocks: false, onlineFileBackup: true });
      expect((await store.migrate()).error).toBeNull();
      await store.backupTo?.(join(dir, 'copy', 'x.db'));
      const copy = await openStore(`sqlite:${join(dir, 'copy', 'x.db')}`);
      expect((await copy.migrationStatus()).pending).toEqual([]);
      await copy.close();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a database with STORE_UNAVAILABLE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riskgate-open-'));
    try {
      const file = join(dir, 'junk.db');
      writeFileSync(file, 'this is not a database '.repeat(100));
      expect(await codeOf(openStore(`sqlite:${file}`))).toBe('STORE_UNAVAILABLE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable PostgreSQL as STORE_UNAVAILABLE and keeps passwords out of its URL', async () => {
    const store = await openStore('postgres://user:secret@127.0.0.1:1/none');
    expect(store.url).toBe('postgres://user:***@127.0.0.1:1/none');
    expect(await codeOf(store.keys.get('x'))).toBe('STORE_UNAVAILABLE');
    expect(await codeOf(store.migrationStatus())).toBe('STORE_UNAVAILABLE');
    const health = await store.health();
    expect(health).toMatchObject({ ok: false, dialect: 'postgres' });
    expect((await store.migrate()).error).not.toBeNull();
    await store.close();
    expect(redactUrl('postgres://a@h/db')).toBe('postgres://a@h/db');
  });
});
