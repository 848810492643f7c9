import type { Kysely, Selectable, Updateable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { Database, JobsTable } from '../schema.js';
import { JOB_STATES } from '../store.js';
import type { JobPatch, JobRecord, JobRepository, JobState, JsonObject } from '../store.js';
import { fromJsonColumn, fromNullableJsonColumn, toJsonColumn } from '../json-column.js';
import { clampLimit } from '../paging.js';

function toJob(row: Selectable<JobsTable>): JobRecord {
  const state = JOB_STATES.find((s) => s === row.state) ?? 'failed';
  return {
    id: row.id, kind: row.kind, state, params: fromJsonColumn<JsonObject>(row.params),
    progress: { done: Number(row.progress_done), total: row.progress_total === null ? null : Number(row.progress_total) },
    cursor: fromNullableJsonColumn(row.cursor), result: fromNullableJsonColumn(row.result), error: row.error,
    attempts: Number(row.attempts), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** JobRepository over Kysely (both dialects). */
export class KyselyJobRepository implements JobRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(j: JobRecord): Promise<void> {
    await this.#db.insertInto('jobs').values({
      id: j.id, kind: j.kind, state: j.state, params: toJsonColumn(j.params), progress_done: j.progress.done, progress_total: j.progress.total,
      cursor: j.cursor === null ? null : toJsonColumn(j.cursor), result: j.result === null ? null : toJsonColumn(j.result),
      error: j.error, attempts: j.attempts, created_at: j.createdAt, updated_at: j.updatedAt,
    }).execute();
  }

  async get(id: string): Promise<JobRecord | null> {
    const row = await this.#db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toJob(row);
  }

  async update(id: string, patch: JobPatch, expectedState?: JobState): Promise<JobRecord> {
    const set: Updateable<JobsTable> = { updated_at: patch.updatedAt };
    if (patch.state !== undefined) set.state = patch.state;
    if (patch.progress !== undefined) {
      set.progress_done = patch.progress.done;
      set.progress_total = patch.progress.total;
    }
    if (patch.cursor !== undefined) set.cursor = patch.cursor === null ? null : toJsonColumn(patch.cursor);
    if (patch.result !== undefined) set.result = patch.result === null ? null : toJsonColumn(patch.result);
    if (patch.error !== undefined) set.error = patch.error;
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    let q = this.#db.updateTable('jobs').set(set).where('id', '=', id);
    if (expectedState !== undefined) q = q.where('state', '=', expectedState);
    const row = await q.returningAll().executeTakeFirst();
    if (row !== undefined) return toJob(row);
    const current = await this.get(id);
    if (current === null) throw new RiskgateError('NOT_FOUND', { what: `Job ${id}` });
    throw new RiskgateError('CONFLICT', { reason: `Job ${id} is ${current.state}, not ${expectedState}.` });
  }

  async list(options: { readonly states?: readonly JobState[]; readonly kind?: string; readonly limit?: number } = {}): Promise<readonly JobRecord[]> {
    let q = this.#db.selectFrom('jobs').selectAll();
    if (options.states !== undefined) q = q.where('state', 'in', options.states.length > 0 ? [...options.states] : ['']);
    if (options.kind !== undefined) q = q.where('kind', '=', options.kind);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(clampLimit(options.limit, 100)).execute();
    return rows.map(toJob);
  }
}
