import type { Kysely, Selectable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { ApiKeysTable, Database } from '../schema.js';
import type { ApiKeyRecord, EpochMs, KeyRepository } from '../store.js';

function toKeyRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id, name: row.name, role: row.role, prefix: row.prefix, hash: row.hash, test: row.test === 1,
    createdAt: row.created_at, createdBy: row.created_by, expiresAt: row.expires_at, revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at, rotatedFrom: row.rotated_from,
  };
}

function toKeyRow(r: ApiKeyRecord): Selectable<ApiKeysTable> {
  return {
    id: r.id, name: r.name, role: r.role, prefix: r.prefix, hash: r.hash, test: r.test ? 1 : 0, created_at: r.createdAt,
    created_by: r.createdBy, expires_at: r.expiresAt, revoked_at: r.revokedAt, last_used_at: r.lastUsedAt, rotated_from: r.rotatedFrom,
  };
}

/** KeyRepository over Kysely (both dialects). */
export class KyselyKeyRepository implements KeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(record: ApiKeyRecord): Promise<void> {
    await this.#db.insertInto('api_keys').values(toKeyRow(record)).execute();
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? null : toKeyRecord(row);
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toKeyRecord(row);
  }

  async list(options: { readonly includeRevoked?: boolean } = {}): Promise<readonly ApiKeyRecord[]> {
    let q = this.#db.selectFrom('api_keys').selectAll();
    if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
    const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(toKeyRecord);
  }

  async revoke(id: string, at: EpochMs): Promise<void> {
    const exists = await this.#db.selectFrom('api_keys').select('id').where('id', '=', id).executeTakeFirst();
    if (exists === undefined) throw new RiskgateError('NOT_FOUND', { what: `API key ${id}` });
    await this.#db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }

  async rotate(oldId: string, replacement: ApiKeyRecord, graceUntil: EpochMs): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const old = await trx.selectFrom('api_keys').select(['expires_at']).where('id', '=', oldId).where('revoked_at', 'is', null).executeTakeFirst();
      if (old === undefined) throw new RiskgateError('NOT_FOUND', { what: `Active API key ${oldId}` });
      const expiresAt = old.expires_at === null ? graceUntil : Math.min(old.expires_at, graceUntil);
      await trx.updateTable('api_keys').set({ expires_at: expiresAt }).where('id', '=', oldId).execute();
      await trx.insertInto('api_keys').values(toKeyRow(replacement)).execute();
    });
  }

  async touch(id: string, at: EpochMs): Promise<void> {
    await this.#db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}
