import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DummyDriver, Kysely, SqliteAdapter, SqliteDialect, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DialectAdapter, Dialect } from 'kysely';
import type { DialectTraits } from './dialect-traits.js';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import { toStoreError } from './store-error.js';
import type { StoreFailure } from './store-error.js';
import type { LockHandle, LockRepository } from './store.js';
import type { FastInsert } from './fast-insert.js';
import type { Database as BetterSqlite3Database, Statement as BetterSqlite3Statement } from 'better-sqlite3';

/** How long a writer waits for another process's write lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;
export const SQLITE_MEMORY = ':memory:';

/** SQLite runs DDL inside transactions; Kysely's adapter says otherwise, so migrations would not be atomic. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Maps better-sqlite3 errors (SqliteError.code) to failure kinds. */
export function classifySqliteError(e: unknown): StoreFailure {
  const code = String((e as { code?: unknown })?.code ?? '');
  const message = String((e as Error)?.message ?? '');
  if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique-violation';
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign-key-violation';
  if (/^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|READONLY|FULL|NOTADB|CORRUPT)/.test(code) || /database connection is not open/i.test(message)) return 'unavailable';
  if (/no such table|no such column/i.test(message)) return 'schema-missing';
  return 'unknown';
}

const SQLITE_TRAITS: DialectTraits = {
  dialect: 'sqlite',
  capabilities: { crossProcessLocks: false, multiReplica: false, onlineFileBackup: true, transactionalMigrations: true },
  jsonType: 'text',
  serialType: 'integer',
  serialNeedsAutoIncrement: true,
  classify: classifySqliteError,
};

/** Locks of this process (SQLite serves one process), keyed by database file and lock name. */
const HELD_LOCKS = new Set<string>();

function processLocks(file: string): LockRepository {
  return {
    async tryAcquire(name: string): Promise<LockHandle | null> {
      const key = `${file}\u0000${name}`;
      if (HELD_LOCKS.has(key)) return null;
      HELD_LOCKS.add(key);
      let held = true;
      return { release: async () => { if (held) { held = false; HELD_LOCKS.delete(key); } } };
    },
  };
}

/**
 * Batched inserts through cached prepared statements in one transaction: several times faster
 * than compiling one wide multi-row INSERT per batch. They run while holding Kysely's single
 * connection, so they never interleave with a Kysely transaction in flight.
 */
function preparedInserts(db: Kysely<Database>, database: BetterSqlite3Database): FastInsert {
  const statements = new Map<string, BetterSqlite3Statement>();
  return async (table, rows) => {
    const first = rows[0];
    if (first === undefined) return 0;
    const columns = Object.keys(first);
    const key = `${table}(${columns.join(',')})`;
    return db.connection().execute(async () => {
      let statement = statements.get(key);
      if (statement === undefined) {
        statement = database.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')}) on conflict do nothing`);
        statements.set(key, statement);
      }
      const insert = statement;
      return database.transaction((batch: readonly Record<string, unknown>[]) => batch.reduce((n, row) => n + insert.run(row).changes, 0))(rows);
    });
  };
}

/** Pages the online backup copies per step while it can make progress between other writers. */
const BACKUP_PAGES_PER_STEP = 1000;

/**
 * Paces SQLite's online backup: small steps (the process keeps serving between them), but a
 * write from another connection restarts the copy, so under steady writes it could restart
 * forever. After the first restart the rest is copied in one step, which always finishes.
 */
function backupPace(): (p: { totalPages: number; remainingPages: number }) => number {
  let lastRemaining = Infinity;
  let restarted = false;
  return ({ remainingPages }) => {
    if (remainingPages > lastRemaining) restarted = true;
    lastRemaining = remainingPages;
    return restarted ? 0x7fffffff : BACKUP_PAGES_PER_STEP;
  };
}

/** WAL pages between automatic checkpoints (SQLite's default is 1,000). */
const WAL_CHECKPOINT_PAGES = 10_000;

/**
 * The SQLite Store (better-sqlite3, loaded lazily): WAL so readers never block the writer,
 * synchronous=NORMAL (a committed transaction survives a process crash; only power loss can
 * take the last ones), busy_timeout for other processes (CLI beside the server), and a WAL
 * checkpoint every 10,000 pages (~40 MB) instead of 1,000: a checkpoint is the only fsync
 * under NORMAL, and at the default it cost more than the inserts of a stream of predictions
 * (80 µs a row against 20 µs, measured on 150,000 rows).
 */
export async function openSqliteStore(file: string): Promise<KyselyStore> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const memory = file === SQLITE_MEMORY;
  const path = memory ? file : resolve(file);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  let database: InstanceType<typeof BetterSqlite3>;
  try {
    database = new BetterSqlite3(path);
    try {
      if (!memory) database.pragma('journal_mode = WAL');
      database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      database.pragma('synchronous = NORMAL');
      if (!memory) database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
      database.pragma('foreign_keys = ON');
    } catch (e) {
      database.close();
      throw e;
    }
  } catch (e) {
    throw toStoreError(classifySqliteError(e), `open ${path}`, e);
  }
  const dialect = new (class extends SqliteDialect {
    override createAdapter(): DialectAdapter {
      return new TransactionalDdlSqliteAdapter();
    }
  })({ database });
  const db = new Kysely<Database>({ dialect });
  return new KyselyStore({
    db,
    fastInsert: preparedInserts(db, database),
    traits: SQLITE_TRAITS,
    url: memory ? 'sqlite::memory:' : `sqlite:${path}`,
    planningDialect: (): Dialect => ({
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    }),
    locks: processLocks(path),
    // AUTOINCREMENT keeps its counter in sqlite_sequence, which explicit ids already advance.
    afterImport: async () => {},
    backupTo: memory ? undefined : async (target: string) => {
      mkdirSync(dirname(resolve(target)), { recursive: true });
      await database.backup(resolve(target), { progress: backupPace() });
    },
  });
}
