import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { AuditLog } from './audit-log.js';

describe('AuditLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-audit-'));
  const file = join(dir, 'audit.db');
  let store: Store;

  beforeAll(async () => {
    store = await openStore(`sqlite:${file}`);
    expect((await store.migrate()).error).toBeNull();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records who, what, when, where and the result, defaulting optional fields', async () => {
    const audit = new AuditLog({ store, clock: () => 1234 });
    const r = await audit.record({ actor: 'key-1', action: 'patients.read', target: 'hash-abc', ip: '10.0.0.1', result: 'ok' });
    expect(r).toMatchObject({ seq: 1, at: 1234, actor: 'key-1', action: 'patients.read', target: 'hash-abc', ip: '10.0.0.1', result: 'ok', details: {} });
    const s = await audit.record({ actor: 'cli', action: 'keys.create', result: 'ok', details: { role: 'admin' }, at: 99 });
    expect(s).toMatchObject({ seq: 2, at: 99, target: null, ip: null, prevHash: r.hash });
    expect((await audit.list({ limit: 1 })).items[0]?.seq).toBe(2);
    expect(await audit.verify()).toEqual({ ok: true, checked: 2, firstBroken: null });
  });

  it('verify names the first broken link after tampering', async () => {
    const audit = new AuditLog({ store });
    await audit.record({ actor: 'x', action: 'models.promote', result: 'ok', details: { to: 'v2' } });
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(file);
    raw.prepare(`update audit_log set details = '{"to":"v9"}' where seq = 3`).run();
    raw.close();
    expect((await audit.verify()).firstBroken).toMatchObject({ seq: 3, reason: 'hash-mismatch' });
  });
});
