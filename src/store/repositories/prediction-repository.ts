import { sql } from 'kysely';
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { FastInsert } from '../fast-insert.js';
import type { Database, PredictionsTable } from '../schema.js';
import type { ArmCount, JsonObject, Page, PageRequest, PredictionRecord, PredictionRepository, PredictionWindow } from '../store.js';
import { fromJsonColumn, fromNullableJsonColumn, toJsonColumn } from '../json-column.js';
import { clampLimit, decodeCursor, encodeCursor, nextTurn, READ_PAGE } from '../paging.js';

/** Rows per INSERT statement: 14 parameters each keeps well under SQLite's 32,766 and PG's 65,535. */
const INSERT_CHUNK = 500;
/** Default and maximum rows of a monitoring window read. */
const WINDOW_LIMIT = 10_000;
const WINDOW_MAX = 200_000;

/** Maps a row to its record. */
export function toPredictionRecord(row: Selectable<PredictionsTable>): PredictionRecord {
  return {
    id: row.id, patientHash: row.patient_hash, modelVersion: row.model_version, modelChecksum: row.model_checksum,
    arm: row.arm, rolloutId: row.rollout_id, input: fromJsonColumn<JsonObject>(row.input), probability: row.probability,
    output: fromJsonColumn<JsonObject>(row.output), explanation: fromNullableJsonColumn(row.explanation),
    error: row.error, latencyMs: row.latency_ms, requestId: row.request_id, createdAt: row.created_at,
  };
}

/** Narrows a query that reads the predictions table (possibly joined) to a monitoring window. */
export function applyWindow<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, w: PredictionWindow): SelectQueryBuilder<DB, TB, O> {
  const col = (name: string) => sql.ref<unknown>(`predictions.${name}`);
  let query = q.where(col('created_at'), '>=', w.since);
  if (w.until !== undefined) query = query.where(col('created_at'), '<', w.until);
  if (w.modelVersion !== undefined) query = query.where(col('model_version'), '=', w.modelVersion);
  if (w.arm !== undefined) query = query.where(col('arm'), '=', w.arm);
  if (w.rolloutId !== undefined) query = query.where(col('rollout_id'), '=', w.rolloutId);
  return query;
}

/** PredictionRepository over Kysely (both dialects). */
export class KyselyPredictionRepository implements PredictionRepository {
  readonly #db: Kysely<Database>;
  readonly #fastInsert: FastInsert | undefined;

  constructor(db: Kysely<Database>, fastInsert?: FastInsert) {
    this.#db = db;
    this.#fastInsert = fastInsert;
  }

  async insertMany(records: readonly PredictionRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const rows = records.map((r) => ({
      id: r.id, patient_hash: r.patientHash, model_version: r.modelVersion, model_checksum: r.modelChecksum,
      arm: r.arm, rollout_id: r.rolloutId, input: toJsonColumn(r.input), probability: r.probability,
      output: toJsonColumn(r.output), explanation: r.explanation === null ? null : toJsonColumn(r.explanation),
      error: r.error, latency_ms: r.latencyMs, request_id: r.requestId, created_at: r.createdAt,
    }));
    if (this.#fastInsert) return this.#fastInsert('predictions', rows);
    // One transaction for the whole batch: one fsync in SQLite instead of one per chunk.
    return this.#db.transaction().execute(async (trx) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const result = await trx.insertInto('predictions').values(rows.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return inserted;
    });
  }

  async get(id: string): Promise<PredictionRecord | null> {
    const row = await this.#db.selectFrom('predictions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toPredictionRecord(row);
  }

  async listByPatient(patientHash: string, page: PageRequest = {}): Promise<Page<PredictionRecord>> {
    const limit = clampLimit(page.limit);
    let q = this.#db.selectFrom('predictions').selectAll().where('patient_hash', '=', patientHash);
    if (page.cursor) {
      const [at, id] = decodeCursor<[number, string]>(page.cursor, ['number', 'string']);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(toPredictionRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async listWindow(window: PredictionWindow, limit?: number): Promise<readonly PredictionRecord[]> {
    // Newest first under the limit (a judge or a drift report past the limit must see the latest
    // traffic, not the first of the window), handed back in time order. In pages with a turn of
    // the event loop between them (see nextTurn): 5,000 rows in one query held the serving
    // thread ~90 ms on SQLite.
    const wanted = clampLimit(limit, WINDOW_LIMIT, WINDOW_MAX);
    const newestFirst: PredictionRecord[] = [];
    let before: { readonly createdAt: number; readonly id: string } | null = null;
    while (newestFirst.length < wanted) {
      const from: typeof before = before;
      const size = Math.min(READ_PAGE, wanted - newestFirst.length);
      const rows: Selectable<PredictionsTable>[] = await applyWindow(this.#db.selectFrom('predictions').selectAll(), window)
        .$if(from !== null, (q) => q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(from!.createdAt, from!.id))))
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(size).execute();
      for (const row of rows) newestFirst.push(toPredictionRecord(row));
      if (rows.length < size) break;
      const last = rows[rows.length - 1];
      before = { createdAt: last.created_at, id: last.id };
      await nextTurn();
    }
    return newestFirst.reverse();
  }

  async count(window: PredictionWindow): Promise<number> {
    const row = await applyWindow(this.#db.selectFrom('predictions'), window)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countByArm(window: PredictionWindow): Promise<readonly ArmCount[]> {
    const rows = await applyWindow(this.#db.selectFrom('predictions'), window)
      .select((eb) => ['model_version', 'arm', eb.fn.countAll<number>().as('total'), eb.fn.count<number>('error').as('errors')])
      .groupBy(['model_version', 'arm']).orderBy('model_version').orderBy('arm').execute();
    return rows.map((r) => ({ modelVersion: r.model_version, arm: r.arm, total: Number(r.total), errors: Number(r.errors) }));
  }
}
