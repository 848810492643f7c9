import type { Kysely, Selectable } from 'kysely';
import { RiskgateError } from '../../errors.js';
import type { Database, IncidentsTable } from '../schema.js';
import type { StoreFailure } from '../store-error.js';
import type { AlertRepository, EpochMs, IncidentRecord, JsonObject } from '../store.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { clampLimit } from '../paging.js';

/** The UNIQUE firing_key of a firing incident (NUL is not allowed in PostgreSQL text, hence JSON). */
function firingKey(rule: string, key: string): string {
  return JSON.stringify([rule, key]);
}

function toIncident(row: Selectable<IncidentsTable>): IncidentRecord {
  return {
    id: row.id, rule: row.rule, key: row.key, severity: row.severity, state: row.state === 'firing' ? 'firing' : 'resolved',
    startedAt: row.started_at, resolvedAt: row.resolved_at, lastNotifiedAt: row.last_notified_at, details: fromJsonColumn<JsonObject>(row.details),
  };
}

/** AlertRepository over Kysely (both dialects); at most one firing incident per (rule, key), enforced by a UNIQUE column. */
export class KyselyAlertRepository implements AlertRepository {
  readonly #db: Kysely<Database>;
  readonly #classify: (e: unknown) => StoreFailure;

  constructor(db: Kysely<Database>, classify: (e: unknown) => StoreFailure) {
    this.#db = db;
    this.#classify = classify;
  }

  async #findFiring(rule: string, key: string): Promise<IncidentRecord | null> {
    const row = await this.#db.selectFrom('incidents').selectAll().where('firing_key', '=', firingKey(rule, key)).executeTakeFirst();
    return row === undefined ? null : toIncident(row);
  }

  async open(i: Omit<IncidentRecord, 'state' | 'resolvedAt' | 'lastNotifiedAt'>): Promise<{ readonly incident: IncidentRecord; readonly created: boolean }> {
    const firing = await this.#findFiring(i.rule, i.key);
    if (firing !== null) return { incident: firing, created: false };
    const row = {
      id: i.id, rule: i.rule, key: i.key, severity: i.severity, state: 'firing', firing_key: firingKey(i.rule, i.key),
      started_at: i.startedAt, resolved_at: null, last_notified_at: null, details: toJsonColumn(i.details),
    };
    try {
      await this.#db.insertInto('incidents').values(row).execute();
    } catch (e) {
      // Another evaluator opened it between our read and our insert: theirs wins.
      const winner = this.#classify(e) === 'unique-violation' ? await this.#findFiring(i.rule, i.key) : null;
      if (winner === null) throw e;
      return { incident: winner, created: false };
    }
    return { incident: toIncident(row), created: true };
  }

  async resolve(rule: string, key: string, at: EpochMs): Promise<IncidentRecord | null> {
    const row = await this.#db.updateTable('incidents').set({ state: 'resolved', firing_key: null, resolved_at: at })
      .where('firing_key', '=', firingKey(rule, key)).returningAll().executeTakeFirst();
    return row === undefined ? null : toIncident(row);
  }

  async markNotified(id: string, at: EpochMs): Promise<void> {
    const result = await this.#db.updateTable('incidents').set({ last_notified_at: at }).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new RiskgateError('NOT_FOUND', { what: `Incident ${id}` });
  }

  async get(id: string): Promise<IncidentRecord | null> {
    const row = await this.#db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? null : toIncident(row);
  }

  async list(options: { readonly state?: 'firing' | 'resolved'; readonly limit?: number } = {}): Promise<readonly IncidentRecord[]> {
    let q = this.#db.selectFrom('incidents').selectAll();
    if (options.state !== undefined) q = q.where('state', '=', options.state);
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(clampLimit(options.limit, 100)).execute();
    return rows.map(toIncident);
  }
}
