import { createHash } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import type { Dialect } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import type { DialectTraits } from './dialect-traits.js';
import { KyselyStore } from './kysely-store.js';
import type { Database } from './schema.js';
import type { StoreFailure } from './store-error.js';
import type { LockHandle, LockRepository } from './store.js';

/** Pool defaults: enough for one replica's batched writes and reads; fail fast when the server is down. */
const DEFAULT_POOL_SIZE = 10;
const CONNECT_TIMEOUT_MS = 5000;
/** PostgreSQL type OIDs whose parsing we override. */
const OID_INT8 = 20;
const OID_JSON = 114;
const OID_JSONB = 3802;

/** Options of a PostgreSQL store. */
export interface PostgresStoreOptions {
  /** Use this schema (created by migrate) instead of public: tests isolate themselves this way. */
  readonly schema?: string;
  readonly poolSize?: number;
}

/** Maps node-postgres errors (SQLSTATE or socket codes) to failure kinds. */
export function classifyPostgresError(e: unknown): StoreFailure {
  const code = String((e as { code?: unknown })?.code ?? '');
  const message = String((e as Error)?.message ?? '');
  if (code === '23505') return 'unique-violation';
  if (code === '23503') return 'foreign-key-violation';
  if (code === '42P01' || code === '42703' || code === '3F000') return 'schema-missing';
  if (/^(08|57P|53|28|3D)/.test(code) || /^E(CONNREFUSED|CONNRESET|NOTFOUND|TIMEDOUT|AI_AGAIN|HOSTUNREACH)$/.test(code)) return 'unavailable';
  if (/connection terminated|timeout exceeded when trying to connect|after calling end on the pool|connect ECONNREFUSED/i.test(message)) return 'unavailable';
  return 'unknown';
}

const POSTGRES_TRAITS: DialectTraits = {
  dialect: 'postgres',
  capabilities: { crossProcessLocks: true, multiReplica: true, onlineFileBackup: false, transactionalMigrations: true },
  jsonType: 'jsonb',
  serialType: 'bigserial',
  serialNeedsAutoIncrement: false,
  classify: classifyPostgresError,
};

/** The URL with any password replaced, for logs and /health/detailed. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** A 64-bit advisory-lock key from a lock name (PostgreSQL takes a bigint). */
function lockKey(name: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`)).toString();
}

/** Session advisory locks, each held on its own pooled connection until released. */
function advisoryLocks(pool: Pool, namespace: string, held: Set<() => Promise<void>>): LockRepository {
  return {
    async tryAcquire(name: string): Promise<LockHandle | null> {
      const key = lockKey(`${namespace}:${name}`);
      const client: PoolClient = await pool.connect();
      let ok = false;
      try {
        ok = (await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [key])).rows[0]?.ok === true;
      } finally {
        if (!ok) client.release();
      }
      if (!ok) return null;
      let done = false;
      const release = async (): Promise<void> => {
        if (done) return;
        done = true;
        held.delete(release);
        try {
          await client.query('select pg_advisory_unlock($1::bigint)', [key]);
          client.release();
        } catch (e) {
          client.release(e as Error); // a broken connection drops its locks with it
        }
      };
      held.add(release);
      return { release };
    },
  };
}

/** The PostgreSQL Store (node-postgres pool, loaded lazily). */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<KyselyStore> {
  const { default: pg } = await import('pg');
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
    // bigint times as numbers (epoch ms fit easily); JSON as its text, like SQLite, so the
    // shared code decodes one way.
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === OID_INT8) return (v: string) => Number(v);
        if (oid === OID_JSON || oid === OID_JSONB) return (v: string) => v;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const heldLocks = new Set<() => Promise<void>>();
  return new KyselyStore({
    db,
    traits: POSTGRES_TRAITS,
    url: redactUrl(url) + (schema === undefined ? '' : ` (schema ${schema})`),
    planningDialect: (): Dialect => ({
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    }),
    locks: advisoryLocks(pool, schema ?? 'public', heldLocks),
    afterImport: async (k, table, idColumn) => {
      // Sequences are not transactional: a restore that rolls back keeps this setval, so it only
      // ever moves the sequence forward (past the imported ids), never below ids already used.
      await sql`select setval(s.name, greatest(coalesce((select max(${sql.ref(idColumn)}) from ${sql.table(table)}), 1), coalesce(pg_sequence_last_value(s.name::regclass), 1)))
        from (select pg_get_serial_sequence(${table}, ${idColumn}) as name) as s`.execute(k);
    },
    migrationSchema: schema,
    beforeMigrate: schema === undefined ? undefined : async () => {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    },
    beforeClose: async () => {
      for (const release of [...heldLocks]) await release();
    },
  });
}
