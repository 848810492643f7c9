import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { AUDIT_GENESIS_HASH } from '../migrations/index.js';
import type { Database } from '../schema.js';
import { STORE_TABLES } from '../store.js';
import type { EpochMs, MaintenanceRepository, MaintenanceSnapshot, StoreTable } from '../store.js';
import { RiskgateError } from '../../errors.js';

/** The primary-key column of each table, the order of exports. */
const PRIMARY_KEYS: Readonly<Record<StoreTable, string>> = {
  model_versions: 'version', aliases: 'alias', alias_moves: 'id', predictions: 'id', feedback: 'id', api_keys: 'id',
  audit_head: 'id', audit_log: 'seq', rollouts: 'id', rollout_events: 'id', incidents: 'id', jobs: 'id', outbox: 'id',
};
/** Rows per INSERT when importing (the widest table has 14 columns). */
const IMPORT_CHUNK = 500;

/** Called after rows with explicit ids went into a table with an auto-increment id (PostgreSQL moves its sequence). */
export type AfterImport = (db: Kysely<Database>, table: StoreTable, idColumn: string) => Promise<void>;

/** Deletes every row of every table within `trx` and resets the audit chain to its genesis. */
async function clearAll(trx: Kysely<Database>): Promise<void> {
  const db = trx as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  // Children before parents (STORE_TABLES is in dependency order).
  for (const table of [...STORE_TABLES].reverse()) await db.deleteFrom(table).execute();
  await trx.insertInto('audit_head').values({ id: 1, seq: 0, hash: AUDIT_GENESIS_HASH }).execute();
}

/**
 * MaintenanceRepository over Kysely. Rows travel exactly as the database returns them (JSON
 * columns as text, times as numbers), which is the same in both dialects, so an export from
 * SQLite imports into PostgreSQL and back.
 */
export class KyselyMaintenanceRepository implements MaintenanceRepository {
  readonly #db: Kysely<Database>;
  readonly #afterImport: AfterImport;

  constructor(db: Kysely<Database>, afterImport: AfterImport) {
    this.#db = db;
    this.#afterImport = afterImport;
  }

  /** The schema-less view needed to name tables at run time. */
  get #any(): Kysely<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- table names come from STORE_TABLES
    return this.#db as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  async counts(): Promise<Readonly<Record<StoreTable, number>>> {
    const counts = {} as Record<StoreTable, number>;
    for (const table of STORE_TABLES) {
      const row = await this.#any.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  async exportRows(table: StoreTable, after: string | null, limit: number): Promise<{ readonly rows: readonly Record<string, unknown>[]; readonly next: string | null }> {
    const pk = primaryKey(table);
    let q = this.#any.selectFrom(table).selectAll();
    if (after !== null) q = q.where(pk, '>', JSON.parse(after) as string | number);
    const rows = (await q.orderBy(pk, 'asc').limit(Math.max(1, limit)).execute()) as Record<string, unknown>[];
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === Math.max(1, limit) && last ? JSON.stringify(last[pk]) : null };
  }

  async importRows(table: StoreTable, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#db.transaction().execute((trx) => this.#insertRows(trx, table, rows));
  }

  async replaceAll(options: { readonly clear: boolean }, source: (insert: (table: StoreTable, rows: readonly Record<string, unknown>[]) => Promise<void>) => Promise<void>): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      if (options.clear) await clearAll(trx);
      await source((table, rows) => this.#insertRows(trx, table, rows));
    });
  }

  /** Inserts exported rows into a table within `trx`. */
  async #insertRows(trx: Kysely<Database>, table: StoreTable, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const pk = primaryKey(table);
    const db = trx as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    // The chain head exists from the first migration; an import replaces it.
    if (table === 'audit_head') await db.deleteFrom('audit_head').execute();
    for (let i = 0; i < rows.length; i += IMPORT_CHUNK) await db.insertInto(table).values(rows.slice(i, i + IMPORT_CHUNK)).execute();
    if (pk === 'id' && typeof rows[0]?.id === 'number' && table !== 'audit_head') await this.#afterImport(trx, table, pk);
  }

  async isEmpty(): Promise<boolean> {
    const counts = await this.counts();
    const head = await this.#db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    // A fresh database holds exactly the genesis chain head and nothing else.
    return STORE_TABLES.every((t) => (t === 'audit_head' ? counts[t] <= 1 : counts[t] === 0)) && Number(head?.seq ?? 0) === 0;
  }

  async snapshot<T>(read: (view: MaintenanceSnapshot) => Promise<T>): Promise<T> {
    // PostgreSQL honours both settings; SQLite's driver issues a plain BEGIN, whose reads see one snapshot too.
    return this.#db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
      const view = new KyselyMaintenanceRepository(trx, this.#afterImport);
      return read({ counts: () => view.counts(), exportRows: (table, after, limit) => view.exportRows(table, after, limit) });
    });
  }

  async clear(): Promise<void> {
    await this.#db.transaction().execute(clearAll);
  }

  async databaseTime(): Promise<EpochMs> {
    // current_timestamp exists in both dialects: a Date from pg, 'YYYY-MM-DD HH:MM:SS' (UTC) from SQLite.
    const { rows } = await sql<{ now: Date | string }>`select current_timestamp as now`.execute(this.#db);
    const now = rows[0]?.now;
    return now instanceof Date ? now.getTime() : Date.parse(`${String(now).replace(' ', 'T')}Z`);
  }
}

/** The primary key of a known table; BAD_REQUEST for anything else (the name reaches SQL). */
function primaryKey(table: StoreTable): string {
  if (!(STORE_TABLES as readonly string[]).includes(table)) throw new RiskgateError('BAD_REQUEST', { reason: `Unknown table ${String(table)}.` });
  return PRIMARY_KEYS[table];
}
