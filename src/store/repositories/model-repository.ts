import type { Kysely, Selectable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { Database, ModelVersionsTable } from '../schema.js';
import type { JsonObject, ModelRepository, ModelVersionRecord } from '../store.js';
import { fromJsonColumn, fromNullableJsonColumn, toJsonColumn } from '../json-column.js';

function toModelRecord(row: Selectable<ModelVersionsTable>): ModelVersionRecord {
  return {
    version: row.version, checksum: row.checksum, path: row.path, metadata: fromJsonColumn<JsonObject>(row.metadata),
    signatureHash: row.signature_hash, smokeSet: fromNullableJsonColumn(row.smoke_set), createdAt: row.created_at, createdBy: row.created_by,
  };
}

/** ModelRepository over Kysely (both dialects). */
export class KyselyModelRepository implements ModelRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async insert(r: ModelVersionRecord): Promise<void> {
    await this.#db.insertInto('model_versions').values({
      version: r.version, checksum: r.checksum, path: r.path, metadata: toJsonColumn(r.metadata), signature_hash: r.signatureHash,
      smoke_set: r.smokeSet === null ? null : toJsonColumn(r.smokeSet), created_at: r.createdAt, created_by: r.createdBy,
    }).execute();
  }

  async get(version: string): Promise<ModelVersionRecord | null> {
    const row = await this.#db.selectFrom('model_versions').selectAll().where('version', '=', version).executeTakeFirst();
    return row === undefined ? null : toModelRecord(row);
  }

  async list(): Promise<readonly ModelVersionRecord[]> {
    const rows = await this.#db.selectFrom('model_versions').selectAll().orderBy('created_at', 'asc').orderBy('version', 'asc').execute();
    return rows.map(toModelRecord);
  }

  async updateMetadata(version: string, metadata: JsonObject): Promise<void> {
    const result = await this.#db.updateTable('model_versions').set({ metadata: toJsonColumn(metadata) })
      .where('version', '=', version).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new RiskgateError('MODEL_NOT_FOUND', { version });
  }
}
