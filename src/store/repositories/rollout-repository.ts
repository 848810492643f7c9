import type { Kysely, Selectable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { Database, RolloutEventsTable, RolloutsTable } from '../schema.js';
import type { StoreFailure } from '../store-error.js';
import type { EpochMs, JsonObject, RolloutEvent, RolloutRecord, RolloutRepository } from '../store.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { clampLimit } from '../paging.js';

function toRolloutRecord(row: Selectable<RolloutsTable>): RolloutRecord {
  return {
    id: row.id, env: row.env, strategy: row.strategy, candidateVersion: row.candidate_version, baselineVersion: row.baseline_version,
    phase: row.phase, active: row.active_env !== null, state: fromJsonColumn<JsonObject>(row.state), revision: Number(row.revision),
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function toRolloutEvent(row: Selectable<RolloutEventsTable>): RolloutEvent {
  return { id: Number(row.id), rolloutId: row.rollout_id, at: row.at, type: row.type, actor: row.actor, message: row.message, data: fromJsonColumn<JsonObject>(row.data) };
}

/**
 * RolloutRepository over Kysely (both dialects). "One active rollout per environment" is the
 * UNIQUE column active_env (the env while active, NULL after), so it holds across replicas.
 */
export class KyselyRolloutRepository implements RolloutRepository {
  readonly #db: Kysely<Database>;
  readonly #classify: (e: unknown) => StoreFailure;

  constructor(db: Kysely<Database>, classify: (e: unknown) => StoreFailure) {
    this.#db = db;
    this.#classify = classify;
  }

  /** Turns a unique violation on active_env into ROLLOUT_CONFLICT naming the active rollout. */
  async #activeConflict(env: string, e: unknown): Promise<never> {
    if (this.#classify(e) !== 'unique-violation') throw e;
    const active = await this.findActive(env);
    throw new RiskgateError('ROLLOUT_CONFLICT', { active: active?.id ?? 'another rollout', env }, { cause: e });
  }

  async create(r: Omit<RolloutRecord, 'revision'>): Promise<RolloutRecord> {
    const row = {
      id: r.id, env: r.env, strategy: r.strategy, candidate_version: r.candidateVersion, baseline_version: r.baselineVersion,
      phase: r.phase, active_env: r.active ? r.env : null, state: toJsonColumn(r.state), revision: 1, created_at: r.createdAt, updated_at: r.updatedAt,
    };
    try {
      await this.#db.insertInto('rollouts').values(row).execute();
    } catch (e) {
      const existing = await this.#db.selectFrom('rollouts').select('id').where('id', '=', r.id).executeTakeFirst();
      if (existing !== undefined) throw e;
      return this.#activeConflict(r.env, e);
    }
    return toRolloutRecord(row);
  }

  async get(id: string): Promise<RolloutRecord | null> {
    const row = await this.#db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toRolloutRecord(row);
  }

  async findActive(env: string): Promise<RolloutRecord | null> {
    const row = await this.#db.selectFrom('rollouts').selectAll().where('active_env', '=', env).executeTakeFirst();
    return row === undefined ? null : toRolloutRecord(row);
  }

  async list(options: { readonly env?: string; readonly limit?: number } = {}): Promise<readonly RolloutRecord[]> {
    let q = this.#db.selectFrom('rollouts').selectAll();
    if (options.env !== undefined) q = q.where('env', '=', options.env);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(clampLimit(options.limit, 100)).execute();
    return rows.map(toRolloutRecord);
  }

  async save(id: string, expectedRevision: number, change: { readonly phase: string; readonly active: boolean; readonly state: JsonObject; readonly at: EpochMs }): Promise<RolloutRecord> {
    const current = await this.get(id);
    if (current === null) throw new RiskgateError('ROLLOUT_NOT_FOUND', { id });
    let updated: Selectable<RolloutsTable> | undefined;
    try {
      updated = await this.#db.updateTable('rollouts')
        .set({ phase: change.phase, active_env: change.active ? current.env : null, state: toJsonColumn(change.state), revision: expectedRevision + 1, updated_at: change.at })
        .where('id', '=', id).where('revision', '=', expectedRevision).returningAll().executeTakeFirst();
    } catch (e) {
      return this.#activeConflict(current.env, e);
    }
    if (updated === undefined) {
      throw new RiskgateError('CONFLICT', { reason: `Rollout ${id} was changed by someone else (expected revision ${expectedRevision}); reload and retry.` });
    }
    return toRolloutRecord(updated);
  }

  async appendEvent(event: Omit<RolloutEvent, 'id'>): Promise<RolloutEvent> {
    const row = await this.#db.insertInto('rollout_events').values({
      rollout_id: event.rolloutId, at: event.at, type: event.type, actor: event.actor, message: event.message, data: toJsonColumn(event.data),
    }).returningAll().executeTakeFirstOrThrow();
    return toRolloutEvent(row);
  }

  async listEvents(rolloutId: string): Promise<readonly RolloutEvent[]> {
    const rows = await this.#db.selectFrom('rollout_events').selectAll().where('rollout_id', '=', rolloutId).orderBy('id', 'asc').execute();
    return rows.map(toRolloutEvent);
  }
}
