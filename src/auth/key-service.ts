import { randomUUID } from 'node:crypto';
import { RiskgateError } from '../errors.js';
import type { ApiKeyRecord, Store } from '../store/index.js';
import { apiKeyKind, apiKeyPrefix, digestsEqual, generateApiKey, hashApiKey } from './api-key.js';
import { isRole, parseRole } from './roles.js';
import type { Role } from './roles.js';

/** Who is calling, once a key is authenticated. */
export interface Principal {
  /** The key id (also the audit actor). */
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly test: boolean;
}

/** A key as listed: everything but its hash. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'hash'>;

/** A newly made key: the plaintext is shown once and never stored. */
export interface IssuedKey {
  readonly key: ApiKeySummary;
  readonly plaintext: string;
}

/** Options of a KeyService. */
export interface KeyServiceOptions {
  readonly store: Pick<Store, 'keys'>;
  /** Epoch ms now; injectable for tests. */
  readonly clock?: () => number;
  /** How long a successful look-up is reused (ms). Revocation by another process or replica takes effect within it; 0 disables. */
  readonly cacheTtlMs?: number;
  /** last_used_at is written at most this often per key (ms), so authentication does not write on every request. */
  readonly touchIntervalMs?: number;
}

/** Defaults: a short cache keeps the hot path off the database; last-used precision of a minute is enough for audits. */
const DEFAULT_CACHE_TTL_MS = 5000;
const DEFAULT_TOUCH_INTERVAL_MS = 60_000;
/** Entries kept in the look-up cache before it is cleared. */
const CACHE_MAX = 10_000;
const DEFAULT_NAME = 'unnamed';

function summarize(record: ApiKeyRecord): ApiKeySummary {
  const { hash: _hash, ...summary } = record;
  return summary;
}

/**
 * API keys: issue, list, rotate with a grace period, revoke, and authenticate presented keys.
 * Keys are stored only as SHA-256 hashes; authentication compares digests in constant time
 * and refuses unknown, revoked, expired and (where not allowed) test keys.
 */
export class KeyService {
  readonly #store: Pick<Store, 'keys'>;
  readonly #clock: () => number;
  readonly #cacheTtlMs: number;
  readonly #touchIntervalMs: number;
  readonly #cache = new Map<string, { readonly record: ApiKeyRecord; readonly until: number }>();
  readonly #touched = new Map<string, number>();

  constructor(options: KeyServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? Date.now;
    this.#cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.#touchIntervalMs = options.touchIntervalMs ?? DEFAULT_TOUCH_INTERVAL_MS;
  }

  /** Issues a key with `role`; the plaintext is returned once. BAD_REQUEST for an unknown role. */
  async create(options: { readonly role: string; readonly name?: string; readonly test?: boolean; readonly createdBy?: string | null }): Promise<IssuedKey> {
    const role = parseRole(options.role);
    const plaintext = generateApiKey(options.test === true);
    const record = this.#newRecord(plaintext, { role, name: options.name ?? DEFAULT_NAME, test: options.test === true, createdBy: options.createdBy ?? null, rotatedFrom: null });
    await this.#store.keys.create(record);
    return { key: summarize(record), plaintext };
  }

  /** Keys oldest first, without hashes; revoked ones when asked. */
  async list(options: { readonly includeRevoked?: boolean } = {}): Promise<readonly ApiKeySummary[]> {
    return (await this.#store.keys.list(options)).map(summarize);
  }

  /**
   * Replaces key `id` with a new one of the same role, name and kind. The old key keeps
   * working for `graceSeconds` (0 = stops now). NOT_FOUND when the key is unknown or revoked.
   */
  async rotate(id: string, graceSeconds: number, createdBy: string | null = null): Promise<IssuedKey> {
    if (!Number.isFinite(graceSeconds) || graceSeconds < 0) throw new RiskgateError('BAD_REQUEST', { reason: 'The grace period must be a number of seconds ≥ 0.' });
    const old = await this.#store.keys.get(id);
    if (old === null || old.revokedAt !== null) throw new RiskgateError('NOT_FOUND', { what: `Active API key ${id}` });
    const plaintext = generateApiKey(old.test);
    const record = this.#newRecord(plaintext, { role: parseRole(old.role), name: old.name, test: old.test, createdBy, rotatedFrom: old.id });
    await this.#store.keys.rotate(id, record, this.#clock() + Math.round(graceSeconds * 1000));
    this.#forget(old.hash);
    return { key: summarize(record), plaintext };
  }

  /** Revokes key `id` at once (NOT_FOUND if unknown). */
  async revoke(id: string): Promise<void> {
    const old = await this.#store.keys.get(id);
    await this.#store.keys.revoke(id, this.#clock());
    if (old !== null) this.#forget(old.hash);
  }

  /**
   * The principal of a presented key. UNAUTHENTICATED for a malformed, unknown, revoked or
   * expired key; TEST_KEY_REFUSED for a test key where test keys are not allowed.
   */
  async authenticate(plaintext: string, options: { readonly allowTestKeys: boolean; readonly env?: string }): Promise<Principal> {
    const kind = typeof plaintext === 'string' ? apiKeyKind(plaintext) : null;
    if (kind === null) throw new RiskgateError('UNAUTHENTICATED');
    const hash = hashApiKey(plaintext);
    const now = this.#clock();
    const record = await this.#lookUp(hash, now);
    // The look-up is by hash; compare again in constant time so no code path depends on how
    // much of a guessed key matched.
    if (record === null || !digestsEqual(record.hash, hash)) throw new RiskgateError('UNAUTHENTICATED');
    if (record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now) || !isRole(record.role)) {
      throw new RiskgateError('UNAUTHENTICATED');
    }
    if (record.test && !options.allowTestKeys) throw new RiskgateError('TEST_KEY_REFUSED', { env: options.env ?? 'this' });
    this.#touch(record.id, now);
    return { id: record.id, role: record.role, name: record.name, test: record.test };
  }

  #newRecord(plaintext: string, fields: { role: Role; name: string; test: boolean; createdBy: string | null; rotatedFrom: string | null }): ApiKeyRecord {
    return {
      id: randomUUID(), name: fields.name, role: fields.role, prefix: apiKeyPrefix(plaintext), hash: hashApiKey(plaintext), test: fields.test,
      createdAt: this.#clock(), createdBy: fields.createdBy, expiresAt: null, revokedAt: null, lastUsedAt: null, rotatedFrom: fields.rotatedFrom,
    };
  }

  async #lookUp(hash: string, now: number): Promise<ApiKeyRecord | null> {
    const cached = this.#cache.get(hash);
    if (cached !== undefined && cached.until > now) return cached.record;
    const record = await this.#store.keys.findByHash(hash);
    if (record !== null && this.#cacheTtlMs > 0) {
      if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
      this.#cache.set(hash, { record, until: now + this.#cacheTtlMs });
    }
    return record;
  }

  #forget(hash: string): void {
    this.#cache.delete(hash);
  }

  /** Records the use off the request path, at most once per interval per key; failures are ignored (best effort). */
  #touch(id: string, now: number): void {
    const last = this.#touched.get(id);
    if (last !== undefined && now - last < this.#touchIntervalMs) return;
    if (this.#touched.size >= CACHE_MAX) this.#touched.clear();
    this.#touched.set(id, now);
    this.#store.keys.touch(id, now).catch(() => {});
  }
}
