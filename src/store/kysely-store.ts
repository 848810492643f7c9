import { performance } from 'node:perf_hooks';
import { DummyDriver, Kysely, Migrator, sql } from 'kysely';
import type { Dialect } from 'kysely';
import { RiskgateError } from '../errors.js';
import type { DialectTraits } from './dialect-traits.js';
import type { FastInsert } from './fast-insert.js';
import { buildMigrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { STORE_CLOSED, guardRepository } from './store-error.js';
import type {
  AlertRepository, AliasRepository, AuditRepository, FeedbackRepository, JobRepository, KeyRepository, LockRepository,
  MaintenanceRepository, MigrationPlan, MigrationRun, MigrationStatus, ModelRepository, OutboxRepository, PredictionRepository,
  RolloutRepository, Store, StoreCapabilities, StoreDialect, StoreHealth,
} from './store.js';
import { KyselyAlertRepository } from './repositories/alert-repository.js';
import { KyselyAliasRepository } from './repositories/alias-repository.js';
import { KyselyAuditRepository } from './repositories/audit-repository.js';
import { KyselyFeedbackRepository } from './repositories/feedback-repository.js';
import { KyselyJobRepository } from './repositories/job-repository.js';
import { KyselyKeyRepository } from './repositories/key-repository.js';
import { KyselyMaintenanceRepository } from './repositories/maintenance-repository.js';
import type { AfterImport } from './repositories/maintenance-repository.js';
import { KyselyModelRepository } from './repositories/model-repository.js';
import { KyselyOutboxRepository } from './repositories/outbox-repository.js';
import { KyselyPredictionRepository } from './repositories/prediction-repository.js';
import { KyselyRolloutRepository } from './repositories/rollout-repository.js';

/** The name of Kysely's bookkeeping table of applied migrations. */
const MIGRATION_TABLE = 'kysely_migration';

/** What a backend hands to the shared core. */
export interface KyselyStoreParts {
  readonly db: Kysely<Database>;
  readonly traits: DialectTraits;
  /** The URL without secrets. */
  readonly url: string;
  /** A dialect with the real adapter and compiler but a driver that runs nothing (dry runs). */
  readonly planningDialect: () => Dialect;
  readonly locks: LockRepository;
  /** Optional faster batched inserts (SQLite's cached prepared statements). */
  readonly fastInsert?: FastInsert;
  readonly afterImport: AfterImport;
  /**
   * The schema of Kysely's migration tables when not the default one. Kysely looks for them
   * in every schema, so a second schema in one database would otherwise find the first's.
   */
  readonly migrationSchema?: string;
  /** Runs before migrations (e.g. creating the PostgreSQL schema). */
  readonly beforeMigrate?: () => Promise<void>;
  readonly backupTo?: (file: string) => Promise<void>;
  /** Releases backend resources beyond Kysely's (advisory-lock connections…). */
  readonly beforeClose?: () => Promise<void>;
}

/**
 * The Store core shared by SqliteStore and PostgresStore: the repositories, migrations and
 * health over one Kysely instance. Backends differ only by their KyselyStoreParts.
 */
export class KyselyStore implements Store {
  readonly dialect: StoreDialect;
  readonly capabilities: StoreCapabilities;
  readonly url: string;
  readonly predictions: PredictionRepository;
  readonly feedback: FeedbackRepository;
  readonly keys: KeyRepository;
  readonly audit: AuditRepository;
  readonly models: ModelRepository;
  readonly aliases: AliasRepository;
  readonly rollouts: RolloutRepository;
  readonly alerts: AlertRepository;
  readonly jobs: JobRepository;
  readonly outbox: OutboxRepository;
  readonly maintenance: MaintenanceRepository;
  readonly locks: LockRepository;
  readonly backupTo?: (file: string) => Promise<void>;
  readonly #parts: KyselyStoreParts;
  #closed = false;

  constructor(parts: KyselyStoreParts) {
    const { db, traits } = parts;
    const guard = <T extends object>(name: string, repo: T): T => guardRepository(name, repo, traits.classify, () => this.#closed);
    this.#parts = parts;
    this.dialect = traits.dialect;
    this.capabilities = traits.capabilities;
    this.url = parts.url;
    this.predictions = guard('predictions', new KyselyPredictionRepository(db, parts.fastInsert));
    this.feedback = guard('feedback', new KyselyFeedbackRepository(db));
    this.keys = guard('keys', new KyselyKeyRepository(db));
    this.audit = guard('audit', new KyselyAuditRepository(db));
    this.models = guard('models', new KyselyModelRepository(db));
    this.aliases = guard('aliases', new KyselyAliasRepository(db));
    this.rollouts = guard('rollouts', new KyselyRolloutRepository(db, traits.classify));
    this.alerts = guard('alerts', new KyselyAlertRepository(db, traits.classify));
    this.jobs = guard('jobs', new KyselyJobRepository(db));
    this.outbox = guard('outbox', new KyselyOutboxRepository(db));
    this.maintenance = guard('maintenance', new KyselyMaintenanceRepository(db, parts.afterImport));
    this.locks = guard('locks', parts.locks);
    if (parts.backupTo) this.backupTo = guard('backup', { backupTo: parts.backupTo }).backupTo;
  }

  #migrator(): Migrator {
    const migrations = buildMigrations(this.#parts.traits);
    return new Migrator({ db: this.#parts.db, provider: { getMigrations: async () => migrations }, migrationTableName: MIGRATION_TABLE, migrationTableSchema: this.#parts.migrationSchema });
  }

  async migrate(): Promise<MigrationRun> {
    if (this.#closed) return { applied: [], error: new RiskgateError('STORE_UNAVAILABLE', { reason: STORE_CLOSED }) };
    try {
      await this.#parts.beforeMigrate?.();
    } catch (e) {
      return { applied: [], error: e as Error };
    }
    const { results, error } = await this.#migrator().migrateToLatest();
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (error === undefined) return { applied, error: null };
    const cause = error instanceof Error ? error : new Error(String(error));
    return { applied, error: cause };
  }

  async migrationStatus(): Promise<MigrationStatus> {
    return guardRepository('migrations', { status: () => this.#status() }, this.#parts.traits.classify, () => this.#closed).status();
  }

  async #status(): Promise<MigrationStatus> {
    const known = Object.keys(buildMigrations(this.#parts.traits)).sort();
    let appliedNames: string[] = [];
    try {
      const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(this.#parts.db);
      appliedNames = rows.rows.map((r) => r.name);
    } catch (e) {
      // No bookkeeping table yet: a fresh database, everything is pending.
      if (this.#parts.traits.classify(e) !== 'schema-missing') throw e;
    }
    const applied = new Set(appliedNames);
    return {
      applied: known.filter((n) => applied.has(n)),
      pending: known.filter((n) => !applied.has(n)),
      unknown: appliedNames.filter((n) => !known.includes(n)),
    };
  }

  async planMigrations(): Promise<readonly MigrationPlan[]> {
    const { pending } = await this.migrationStatus();
    const migrations = buildMigrations(this.#parts.traits);
    const plans: MigrationPlan[] = [];
    for (const name of pending) {
      const captured: string[] = [];
      const base = this.#parts.planningDialect();
      // The real adapter and compiler produce the exact SQL; the dummy driver runs none of it.
      const dry = new Kysely<unknown>({
        dialect: { createAdapter: () => base.createAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => base.createIntrospector(db), createQueryCompiler: () => base.createQueryCompiler() },
        log: (event) => {
          const params = event.query.parameters.length > 0 ? ` -- parameters: ${JSON.stringify(event.query.parameters)}` : '';
          captured.push(`${event.query.sql};${params}`);
        },
      });
      await migrations[name]?.up(dry);
      await dry.destroy();
      plans.push({ name, sql: captured });
    }
    return plans;
  }

  async assertMigrated(): Promise<void> {
    const status = await this.migrationStatus();
    if (status.unknown.length > 0) throw new RiskgateError('DATABASE_AHEAD', { unknown: status.unknown.join(', ') });
    if (status.pending.length > 0) throw new RiskgateError('MIGRATIONS_PENDING', { pending: status.pending.join(', ') });
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    if (this.#closed) return { ok: false, dialect: this.dialect, latencyMs: 0, error: STORE_CLOSED };
    try {
      await sql`select 1`.execute(this.#parts.db);
      return { ok: true, dialect: this.dialect, latencyMs: performance.now() - started, error: null };
    } catch (e) {
      return { ok: false, dialect: this.dialect, latencyMs: performance.now() - started, error: (e as Error)?.message ?? String(e) };
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#parts.beforeClose?.();
    await this.#parts.db.destroy();
  }
}
