import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { hashApiKey } from './api-key.js';
import { KeyService } from './key-service.js';

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  const e = await promise.then(() => null, (err: unknown) => err);
  return isRiskgateError(e) ? e.code : e;
}

describe('KeyService', () => {
  let store: Store;
  let now = 1_000_000;
  const clock = () => now;

  beforeAll(async () => {
    store = await openStore('sqlite::memory:');
    expect((await store.migrate()).error).toBeNull();
  });
  afterAll(async () => store.close());

  it('issues a key once, stores only its hash, and authenticates it', async () => {
    const keys = new KeyService({ store, clock });
    const { key, plaintext } = await keys.create({ role: 'predictor', name: 'clinic-app', createdBy: 'cli' });
    expect(plaintext).toMatch(/^rg_live_/);
    expect(key).not.toHaveProperty('hash');
    expect(key).toMatchObject({ role: 'predictor', name: 'clinic-app', test: false, prefix: plaintext.slice(0, 12), createdAt: now });
    const stored = await store.keys.get(key.id);
    expect(stored?.hash).toBe(hashApiKey(plaintext));
    expect(JSON.stringify(stored)).not.toContain(plaintext);
    expect(await keys.authenticate(plaintext, { allowTestKeys: false })).toEqual({ id: key.id, role: 'predictor', name: 'clinic-app', test: false });
  });

  it('refuses malformed, unknown and wrong-role input', async () => {
    const keys = new KeyService({ store, clock });
    expect(await codeOf(keys.authenticate('nope', { allowTestKeys: true }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(keys.authenticate(`rg_live_${'a'.repeat(40)}`, { allowTestKeys: true }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(keys.authenticate(undefined as unknown as string, { allowTestKeys: true }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(keys.create({ role: 'superuser' }))).toBe('BAD_REQUEST');
  });

  it('refuses test keys where they are not allowed', async () => {
    const keys = new KeyService({ store, clock });
    const { plaintext } = await keys.create({ role: 'viewer', test: true });
    expect(plaintext).toMatch(/^rg_test_/);
    expect((await keys.authenticate(plaintext, { allowTestKeys: true })).test).toBe(true);
    const e = await keys.authenticate(plaintext, { allowTestKeys: false, env: 'production' }).catch((err: unknown) => err);
    expect(isRiskgateError(e, 'TEST_KEY_REFUSED')).toBe(true);
    expect((e as Error).message).toContain('production');
  });

  it('revokes at once, even when the look-up was cached', async () => {
    const keys = new KeyService({ store, clock, cacheTtlMs: 60_000 });
    const { key, plaintext } = await keys.create({ role: 'admin' });
    await keys.authenticate(plaintext, { allowTestKeys: false });
    await keys.revoke(key.id);
    expect(await codeOf(keys.authenticate(plaintext, { allowTestKeys: false }))).toBe('UNAUTHENTICATED');
    expect(await codeOf(keys.revoke('missing'))).toBe('NOT_FOUND');
    expect((await keys.list()).some((k) => k.id === key.id)).toBe(false);
    expect((await keys.list({ includeRevoked: true })).find((k) => k.id === key.id)?.revokedAt).toBe(now);
  });

  it('sees a revocation made elsewhere once its cache entry expires', async () => {
    const keys = new KeyService({ store, clock, cacheTtlMs: 5_000 });
    const other = new KeyService({ store, clock });
    const { key, plaintext } = await keys.create({ role: 'viewer' });
    await keys.authenticate(plaintext, { allowTestKeys: false });
    await other.revoke(key.id);
    now += 5_001;
    expect(await codeOf(keys.authenticate(plaintext, { allowTestKeys: false }))).toBe('UNAUTHENTICATED');
  });

  it('rotates: the new key works, the old one until the grace period ends', async () => {
    const keys = new KeyService({ store, clock, cacheTtlMs: 0 });
    const old = await keys.create({ role: 'deployer', name: 'ci', test: true });
    const fresh = await keys.rotate(old.key.id, 3600, 'admin-key');
    expect(fresh.key).toMatchObject({ role: 'deployer', name: 'ci', test: true, rotatedFrom: old.key.id, createdBy: 'admin-key' });
    expect(fresh.plaintext).not.toBe(old.plaintext);
    expect((await keys.authenticate(fresh.plaintext, { allowTestKeys: true })).id).toBe(fresh.key.id);
    now += 3_599_000;
    expect((await keys.authenticate(old.plaintext, { allowTestKeys: true })).id).toBe(old.key.id);
    now += 1_000;
    expect(await codeOf(keys.authenticate(old.plaintext, { allowTestKeys: true }))).toBe('UNAUTHENTICATED');
    expect((await keys.authenticate(fresh.plaintext, { allowTestKeys: true })).id).toBe(fresh.key.id);
    expect(await codeOf(keys.rotate('missing', 10))).toBe('NOT_FOUND');
    expect(await codeOf(keys.rotate(fresh.key.id, -1))).toBe('BAD_REQUEST');
    // Grace 0 stops the old key now.
    const again = await keys.rotate(fresh.key.id, 0);
    expect(await codeOf(keys.authenticate(fresh.plaintext, { allowTestKeys: true }))).toBe('UNAUTHENTICATED');
    expect((await keys.authenticate(again.plaintext, { allowTestKeys: true })).id).toBe(again.key.id);
  });

  it('records last use at most once per interval', async () => {
    const keys = new KeyService({ store, clock, touchIntervalMs: 60_000 });
    const { key, plaintext } = await keys.create({ role: 'viewer' });
    const first = now;
    await keys.authenticate(plaintext, { allowTestKeys: false });
    now += 10_000;
    await keys.authenticate(plaintext, { allowTestKeys: false });
    await new Promise((r) => setTimeout(r, 20));
    expect((await store.keys.get(key.id))?.lastUsedAt).toBe(first);
    now += 60_000;
    await keys.authenticate(plaintext, { allowTestKeys: false });
    await new Promise((r) => setTimeout(r, 20));
    expect((await store.keys.get(key.id))?.lastUsedAt).toBe(now);
  });
});
