import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AuditLog, KeyService, Pseudonymizer } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { HEART_SIGNATURE } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import { openGatedRegistry } from '../gates/index.js';
import { startBackupScheduler, type BackupRun } from '../jobs/index.js';
import { ArmWindows, createMetrics, createPredictionObserver } from '../monitor/index.js';
import { registryIntegrityCheck, type ModelRegistry } from '../registry/index.js';
import { CircuitBreakers, InlineCommitter, ModelPool, PredictionRecorder, Predictor, Router, ThreadCommitter, stablePlan, type PooledModel, type PredictionCommitter } from '../serving/index.js';
import { openStore, type OpenStoreOptions, type Store } from '../store/index.js';
import type { AppDeps } from './app-deps.js';
import { bootstrapDefaultModel, noProductionModelAdvice } from './bootstrap-model.js';
import { buildApp } from './build-app.js';
import { connectRateLimitRedis } from './rate-limit-redis.js';
import { assembleMonitoring } from './monitoring-assembly.js';
import { startServerJobs } from './jobs-assembly.js';
import { wireRollouts } from './wire-rollouts.js';

/** Predictions kept per arm window (fixed memory). */
const ARM_WINDOW_CAPACITY = 50_000;
/** Default decision threshold for artifacts that declare none. */
const DEFAULT_THRESHOLD = 0.5;
/** riskgate's version, from package.json. */
export const RISKGATE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Options of {@link createServer}. */
export interface CreateServerOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** Train the default model into production when the registry is empty (default: outside strict environments; true in a strict one is refused with BAD_REQUEST). */
  readonly bootstrap?: boolean;
  /** Status lines for the operator (the serve command prints them). */
  readonly say?: (line: string) => void;
  /** Store options, e.g. a PostgreSQL schema for isolated tests. */
  readonly storeOptions?: OpenStoreOptions;
}

/** A built server: the app (not listening), its dependencies, and an orderly close. */
export interface RiskgateServer {
  readonly app: FastifyInstance;
  readonly deps: AppDeps;
  /** The admin key created on first start (shown once), else null. */
  readonly adminKey: string | null;
  /** Stops scheduled backups and accepting, finishes in-flight requests, flushes the recorder, closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Opens the store and checks its schema: embedded SQLite in development migrates itself, unless the database is ahead (DATABASE_AHEAD). */
async function openMigratedStore(config: Config, say: (line: string) => void, storeOptions: OpenStoreOptions): Promise<Store> {
  const store = await openStore(config.store.url, storeOptions);
  try {
    if (store.dialect === 'sqlite' && config.env === 'development') {
      // A database a newer riskgate migrated is refused before migrating, not "repaired":
      // the migrator would otherwise fail on the unknown names with a misleading message.
      const { unknown } = await store.migrationStatus();
      if (unknown.length > 0) throw new RiskgateError('DATABASE_AHEAD', { unknown: unknown.join(', ') });
      const run = await store.migrate();
      if (run.error) throw new RiskgateError('MIGRATIONS_PENDING', { pending: `migration failed: ${run.error.message}` }, { cause: run.error });
      if (run.applied.length > 0) say(`migrated the database: ${run.applied.join(', ')}`);
    } else {
      await store.assertMigrated();
    }
    return store;
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** Logs one scheduled backup run: the archive written, a skip (another replica held the lock), or the failure. */
function logBackupRun(log: FastifyInstance['log'], run: BackupRun): void {
  if (run.error) log.error({ err: run.error, at: run.at.toISOString() }, 'scheduled backup failed; the schedule carries on');
  else if (run.file) log.info({ file: run.file, pruned: run.pruned }, 'scheduled backup written');
  else log.info({ at: run.at.toISOString() }, 'scheduled backup skipped: another replica is backing up');
}

/** Columns kept per prediction for drift: the production model's features (the heart model's 13 before one exists). */
/**
 * Where the recorder commits: a recording thread with its own connection (inserts and their
 * JSON never touch the serving thread), unless recorder.commit_thread is off or the database
 * is in memory (it cannot be shared with a thread).
 */
function predictionCommitter(config: Config, store: Store, storeOptions: OpenStoreOptions): PredictionCommitter {
  const url = config.store.url;
  if (config.recorder.commit_thread && url !== 'sqlite::memory:') return new ThreadCommitter(url, config.recorder.batch_size, storeOptions);
  return new InlineCommitter(store.predictions, config.recorder.batch_size);
}

function featureCountOf(pool: ModelPool, production: string | null): number {
  return (production ? pool.get(production)?.model.signature.features.length : undefined) ?? HEART_SIGNATURE.features.length;
}

/** Loads a registered version into memory, verifying its checksums. */
async function loadVersion(registry: ModelRegistry, version: string): Promise<PooledModel> {
  const loaded = await registry.load(version);
  return { version: loaded.version, checksum: loaded.checksum, model: loaded.model, threshold: loaded.metadata.threshold ?? DEFAULT_THRESHOLD, loadedAt: Date.now() };
}

/**
 * Assembles the whole server from configuration: store (migrated), registry (with the default
 * model on first start), production model loaded, router, breakers, recorder (journal
 * replayed), predictor, metrics, keys (an admin key on first start), audit log, HTTP app.
 */
export async function createServer(config: Config, options: CreateServerOptions = {}): Promise<RiskgateServer> {
  const say = options.say ?? (() => {});
  mkdirSync(config.paths.var_dir, { recursive: true });
  mkdirSync(config.models.path, { recursive: true });
  const store = await openMigratedStore(config, say, options.storeOptions ?? {});
  const closers: (() => Promise<void>)[] = [() => store.close()];
  try {
    // Gated: in strict environments staging/production moves (rollouts' too) need a passing gate report.
    const registry = openGatedRegistry(config, store);
    if (options.bootstrap ?? !config.security.strict_mode) {
      const version = await bootstrapDefaultModel(store, registry, config.models.path);
      if (version) say(`trained the default heart model and made it production: ${version}`);
    }
    const keys = new KeyService({ store });
    let adminKey: string | null = null;
    if ((await store.keys.list({ includeRevoked: true })).length === 0) {
      adminKey = (await keys.create({ role: 'admin', name: 'first admin', createdBy: 'system' })).plaintext;
    }
    const pool = new ModelPool((version) => loadVersion(registry, version));
    const router = new Router({ key: createHmac('sha256', config.secret.key).update('riskgate sticky buckets').digest() });
    const production = await store.aliases.get('production');
    if (production) {
      await pool.ensureLoaded(production);
      router.setPlan(stablePlan(production));
    } else {
      say(noProductionModelAdvice(config.env, config.security.strict_mode));
    }
    const metrics = createMetrics();
    const windows = new ArmWindows({ capacity: ARM_WINDOW_CAPACITY, windowMs: config.monitoring.window_seconds * 1000, featureCount: featureCountOf(pool, production) });
    const breakers = new CircuitBreakers(
      { failureThreshold: config.rollout.breaker.failure_threshold, openMs: config.rollout.breaker.reset_seconds * 1000 },
      (version, change) => metrics.setBreakerState(version, change.to === 'half-open' ? 'half_open' : change.to),
    );
    const recorder = new PredictionRecorder({
      committer: predictionCommitter(config, store, options.storeOptions ?? {}),
      journalPath: config.recorder.journal_path,
      batchSize: config.recorder.batch_size,
      flushIntervalMs: config.recorder.flush_interval_ms,
    });
    const { replayed } = await recorder.start();
    if (replayed > 0) say(`replayed ${replayed} journaled predictions into the store`);
    closers.unshift(() => recorder.close());
    const pseudonymizer = new Pseudonymizer(config.secret.key);
    const predictor = new Predictor({
      pool, router, recorder, breakers, pseudonymize: pseudonymizer.pseudonymize,
      observe: createPredictionObserver({ metrics, windows }), slowMs: config.rollout.breaker.timeout_ms,
    });
    closers.unshift(() => predictor.shadowQueue.idle());
    // Drift, performance, live statistics and alerts; its webhook notifier is shared with the rollouts.
    const monitoring = assembleMonitoring({ config, store, registry, pool, breakers, windows, metrics, flush: () => recorder.flush() });
    const rollouts = wireRollouts({ config, store, registry, pool, router, breakers, metrics, notifier: monitoring.notifier });
    const jobs = await startServerJobs(config, store, registry);
    closers.unshift(() => jobs.queue.close());
    const deps: AppDeps = {
      jobs,
      config, store, pool, router, predictor, recorder, metrics, keys, audit: new AuditLog({ store }),
      pseudonymize: pseudonymizer.pseudonymize, registry, startedAt: Date.now(), version: RISKGATE_VERSION,
      windows, breakers, rollouts: rollouts.service, monitoring: monitoring.service, healthChecks: [rollouts.healthCheck, monitoring.healthCheck, registryIntegrityCheck(registry)],
    };
    const redis = await connectRateLimitRedis(config.redis.url);
    if (redis) closers.unshift(() => redis.close());
    const app = await buildApp(deps, { logger: options.logger, redis: redis?.client ?? null });
    closers.unshift(() => app.close());
    // Resume the active rollout (same step, same weights) before serving; the loop stops before the app closes.
    await rollouts.start();
    closers.unshift(() => rollouts.stop());
    monitoring.start(app.log);
    closers.unshift(() => monitoring.stop());
    // Scheduled backups (nothing when backups.schedule is null); stopped, a run in progress
    // awaited, before the store closes (closers run front to back, the store last).
    closers.unshift(startBackupScheduler({ store, config, onRun: (run) => logBackupRun(app.log, run) }));
    let closing: Promise<void> | null = null;
    return {
      app, deps, adminKey,
      close: () => (closing ??= (async () => {
        for (const close of closers) await close();
      })()),
    };
  } catch (e) {
    for (const close of closers) await close().catch(() => {});
    throw e;
  }
}
