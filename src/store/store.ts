/**
 * The `Store` seam: everything riskgate persists, behind small repositories, with one
 * Kysely-based implementation per dialect (SqliteStore, PostgresStore) and one set of
 * migrations. Nothing outside src/store knows SQL.
 *
 * Conventions shared by every repository:
 * - Timestamps are epoch milliseconds (`number`, UTC) everywhere, in and out.
 * - JSON fields are plain JSON values; the store encodes them (text in SQLite, jsonb in PG).
 * - Patient ids are never stored raw: callers pass `patientHash` (auth's Pseudonymizer).
 * - Failures surface as `RiskgateError` with a catalog code: STORE_UNAVAILABLE (cannot reach
 *   the database), CONFLICT (a uniqueness rule was broken), NOT_FOUND (an update/revoke
 *   targeted a missing row), ROLLOUT_CONFLICT (second active rollout in one environment).
 * - `get…`/`find…` return `null` when nothing matches; they never throw for a missing row.
 */

/** Any JSON value, as stored in JSON columns. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** Epoch milliseconds (UTC). */
export type EpochMs = number;

/** One page of a listing; pass `nextCursor` back as `cursor` to get the next one (null = end). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** Paging arguments; `limit` defaults to 50 and is capped at 1000. */
export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Predictions and feedback
// ---------------------------------------------------------------------------------------------

/** One recorded prediction (also shadow scores, with arm 'shadow'). */
export interface PredictionRecord {
  /** Prediction id given to the client (unique; the idempotency key of insertMany). */
  readonly id: string;
  readonly patientHash: string | null;
  readonly modelVersion: string;
  readonly modelChecksum: string;
  /** Which arm answered: 'stable', 'canary', 'shadow', 'preview' (serving decides the set). */
  readonly arm: string;
  readonly rolloutId: string | null;
  /** The validated input features, by name. */
  readonly input: JsonObject;
  /** Predicted probability (also inside output; a column of its own for monitoring). */
  readonly probability: number;
  /** The rest of the answer: band, threshold, raw score… */
  readonly output: JsonObject;
  /** The explanation (base value, contributions), or null when not computed. */
  readonly explanation: JsonValue | null;
  /** Error code when this arm failed (e.g. a shadow that threw); null on success. */
  readonly error: string | null;
  readonly latencyMs: number;
  readonly requestId: string | null;
  readonly createdAt: EpochMs;
}

/** Filter of the monitoring window queries. `since` inclusive, `until` exclusive. */
export interface PredictionWindow {
  readonly since: EpochMs;
  readonly until?: EpochMs;
  readonly modelVersion?: string;
  readonly arm?: string;
  readonly rolloutId?: string;
}

/** Recorded predictions. */
export interface PredictionRepository {
  /** Inserts all records in one transaction; ids already present are skipped (idempotent). Returns how many were new. */
  insertMany(records: readonly PredictionRecord[]): Promise<number>;
  /** One prediction by id, or null. */
  get(id: string): Promise<PredictionRecord | null>;
  /** A patient's predictions, newest first, paged. */
  listByPatient(patientHash: string, page?: PageRequest): Promise<Page<PredictionRecord>>;
  /** The newest predictions of a window (at most `limit`, default 10,000) in time order, with input and output, for monitoring. */
  listWindow(window: PredictionWindow, limit?: number): Promise<readonly PredictionRecord[]>;
  /** How many predictions match the window. */
  count(window: PredictionWindow): Promise<number>;
  /** Number of predictions per (modelVersion, arm) in the window; errors counted apart. */
  countByArm(window: PredictionWindow): Promise<readonly ArmCount[]>;
}

/** Counts per model version and arm. */
export interface ArmCount {
  readonly modelVersion: string;
  readonly arm: string;
  readonly total: number;
  readonly errors: number;
}

/** An observed outcome. Either predictionId or patientHash is set by the caller. */
export interface FeedbackRecord {
  readonly id: string;
  /** The prediction it labels; when only a patient is given, the store links the patient's latest prediction at or before observedAt (null if none). */
  readonly predictionId: string | null;
  readonly patientHash: string | null;
  readonly outcome: 0 | 1;
  readonly observedAt: EpochMs;
  readonly createdAt: EpochMs;
}

/** A prediction joined with its fed-back outcome. */
export interface LabelledPrediction {
  readonly predictionId: string;
  /** The patient's pseudonym (null when the prediction named no patient). */
  readonly patientHash: string | null;
  readonly modelVersion: string;
  readonly arm: string;
  readonly rolloutId: string | null;
  readonly probability: number;
  readonly output: JsonObject;
  readonly outcome: 0 | 1;
  readonly predictedAt: EpochMs;
  readonly observedAt: EpochMs;
}

/** Observed outcomes. */
export interface FeedbackRepository {
  /** Stores an outcome (resolving predictionId from patientHash when needed) and returns it as stored. CONFLICT on a duplicate id. */
  insert(record: FeedbackRecord): Promise<FeedbackRecord>;
  /** One feedback record by id, or null. */
  get(id: string): Promise<FeedbackRecord | null>;
  /** Predictions made in the window that have an outcome, oldest first (latest outcome wins). */
  listLabelled(window: PredictionWindow, limit?: number): Promise<readonly LabelledPrediction[]>;
}

// ---------------------------------------------------------------------------------------------
// Keys and audit
// ---------------------------------------------------------------------------------------------

/** An API key as stored: never the plaintext, only its SHA-256 and a short listing prefix. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** A role from auth's ROLES ('viewer' | 'predictor' | 'deployer' | 'admin'). */
  readonly role: string;
  /** Non-secret prefix shown in listings, e.g. 'rg_live_AbC1'. */
  readonly prefix: string;
  /** Hex SHA-256 of the full key. */
  readonly hash: string;
  readonly test: boolean;
  readonly createdAt: EpochMs;
  readonly createdBy: string | null;
  /** After this instant the key stops working (set by rotation); null = no expiry. */
  readonly expiresAt: EpochMs | null;
  readonly revokedAt: EpochMs | null;
  readonly lastUsedAt: EpochMs | null;
  /** The key this one replaced by rotation. */
  readonly rotatedFrom: string | null;
}

/** API keys. */
export interface KeyRepository {
  /** Stores a new key. CONFLICT on a duplicate id or hash. */
  create(record: ApiKeyRecord): Promise<void>;
  /** The key with this hash (revoked and expired ones included: the caller decides), or null. */
  findByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** A key by id, or null. */
  get(id: string): Promise<ApiKeyRecord | null>;
  /** All keys, oldest first; revoked ones only when asked. */
  list(options?: { readonly includeRevoked?: boolean }): Promise<readonly ApiKeyRecord[]>;
  /** Marks the key revoked at `at`; NOT_FOUND if missing; revoking twice keeps the first time. */
  revoke(id: string, at: EpochMs): Promise<void>;
  /** Atomically stores `replacement` and makes `oldId` expire at `graceUntil` (earlier expiry kept). NOT_FOUND if oldId is missing or revoked. */
  rotate(oldId: string, replacement: ApiKeyRecord, graceUntil: EpochMs): Promise<void>;
  /** Records a use of the key (best effort; never throws for a missing key). */
  touch(id: string, at: EpochMs): Promise<void>;
}

/** What a caller hands to the audit log; the store adds seq and hashes. */
export interface AuditEntry {
  readonly at: EpochMs;
  /** Who: key id, 'cli:<user>', 'system'. */
  readonly actor: string;
  /** What: e.g. 'keys.create', 'predict', 'models.promote', 'patients.read'. */
  readonly action: string;
  /** On what (id, version, patient hash…), or null. */
  readonly target: string | null;
  readonly ip: string | null;
  /** 'ok', 'denied', 'error' or an error code. */
  readonly result: string;
  readonly details: JsonObject;
}

/** A stored audit record: `hash = sha256(prevHash + canonicalJson({seq, at, actor, action, target, ip, result, details}))`. */
export interface AuditRecord extends AuditEntry {
  /** 1, 2, 3… without gaps. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** Filters of the audit listing (newest first). */
export interface AuditQuery extends PageRequest {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly since?: EpochMs;
  readonly until?: EpochMs;
}

/** The outcome of verifying the chain. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Records checked. */
  readonly checked: number;
  /** The first broken link, when not ok. */
  readonly firstBroken: AuditBreak | null;
}

/** Why the chain breaks at `seq`. */
export interface AuditBreak {
  readonly seq: number;
  readonly reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'missing-record' | 'tail-truncated';
  readonly message: string;
}

/** The append-only, hash-chained audit log. */
export interface AuditRepository {
  /** Appends one record atomically (serialized across processes through a chain-head row) and returns it. */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** Records newest first, filtered and paged. */
  list(query?: AuditQuery): Promise<Page<AuditRecord>>;
  /** Walks the whole chain in order and reports the first broken link; never throws on a broken chain. */
  verify(): Promise<AuditVerification>;
}

// ---------------------------------------------------------------------------------------------
// Models and aliases
// ---------------------------------------------------------------------------------------------

/** A registered model version (the artifact lives on disk at `path`). */
export interface ModelVersionRecord {
  /** e.g. 'model-v1.2.0-20261123-1530'. */
  readonly version: string;
  /** SHA-256 of the artifact (checksums file). */
  readonly checksum: string;
  /** Artifact folder. */
  readonly path: string;
  /** metadata.json content. */
  readonly metadata: JsonObject;
  /** SHA-256 of the canonical signature, to compare signatures cheaply. */
  readonly signatureHash: string;
  /** Fixed patients with expected outputs, stored at registration. */
  readonly smokeSet: JsonValue | null;
  readonly createdAt: EpochMs;
  readonly createdBy: string | null;
}

/** Model versions. */
export interface ModelRepository {
  /** Registers a version. CONFLICT if it exists. */
  insert(record: ModelVersionRecord): Promise<void>;
  /** A version, or null. */
  get(version: string): Promise<ModelVersionRecord | null>;
  /** All versions, oldest first. */
  list(): Promise<readonly ModelVersionRecord[]>;
  /** Replaces metadata (cards, gate reports…); MODEL_NOT_FOUND if missing. */
  updateMetadata(version: string, metadata: JsonObject): Promise<void>;
}

/** One alias move. `from` null = first assignment; `to` null = alias removed. */
export interface AliasMove {
  readonly id: number;
  readonly alias: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly actor: string;
  readonly reason: string;
  readonly at: EpochMs;
}

/** Aliases (production, staging, candidate…) and their history. */
export interface AliasRepository {
  /** Atomically points alias at `to` (null removes it) and records the move; MODEL_NOT_FOUND if `to` is not a registered version. */
  set(alias: string, to: string | null, move: { readonly actor: string; readonly reason: string; readonly at: EpochMs }): Promise<AliasMove>;
  /** The version an alias points at now, or null. */
  get(alias: string): Promise<string | null>;
  /** Every alias and its version. */
  list(): Promise<Readonly<Record<string, string>>>;
  /** Moves newest first, optionally for one alias. */
  history(options?: { readonly alias?: string; readonly limit?: number }): Promise<readonly AliasMove[]>;
  /** The version the alias pointed at, at instant `at` (moves at exactly `at` count), or null. */
  at(alias: string, at: EpochMs): Promise<string | null>;
}

// ---------------------------------------------------------------------------------------------
// Rollouts
// ---------------------------------------------------------------------------------------------

/** A rollout; `state` is owned by src/rollout and opaque here. */
export interface RolloutRecord {
  readonly id: string;
  readonly env: string;
  readonly strategy: string;
  readonly candidateVersion: string;
  readonly baselineVersion: string | null;
  readonly phase: string;
  /** True until the rollout reaches a terminal phase; one active rollout per env. */
  readonly active: boolean;
  readonly state: JsonObject;
  /** Optimistic-concurrency counter: 1 at creation, +1 on each save. */
  readonly revision: number;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

/** A rollout event (state change, analysis, manual action…). */
export interface RolloutEvent {
  readonly id: number;
  readonly rolloutId: string;
  readonly at: EpochMs;
  readonly type: string;
  readonly actor: string;
  readonly message: string;
  readonly data: JsonObject;
}

/** Rollouts and their timelines. */
export interface RolloutRepository {
  /** Stores a new rollout (revision 1). ROLLOUT_CONFLICT if it is active and another is active in the env. */
  create(record: Omit<RolloutRecord, 'revision'>): Promise<RolloutRecord>;
  /** A rollout, or null. */
  get(id: string): Promise<RolloutRecord | null>;
  /** The active rollout of an environment, or null. */
  findActive(env: string): Promise<RolloutRecord | null>;
  /** Rollouts newest first, optionally of one env. */
  list(options?: { readonly env?: string; readonly limit?: number }): Promise<readonly RolloutRecord[]>;
  /** Saves phase/active/state if the stored revision is `expectedRevision`, else CONFLICT (ROLLOUT_NOT_FOUND if missing, ROLLOUT_CONFLICT if reactivating clashes); returns the new record. */
  save(id: string, expectedRevision: number, change: { readonly phase: string; readonly active: boolean; readonly state: JsonObject; readonly at: EpochMs }): Promise<RolloutRecord>;
  /** Appends an event and returns it with its id. */
  appendEvent(event: Omit<RolloutEvent, 'id'>): Promise<RolloutEvent>;
  /** A rollout's events, oldest first. */
  listEvents(rolloutId: string): Promise<readonly RolloutEvent[]>;
}

// ---------------------------------------------------------------------------------------------
// Alerts, jobs, outbox
// ---------------------------------------------------------------------------------------------

/** An alert incident: one firing period of a rule for one subject (key). */
export interface IncidentRecord {
  readonly id: string;
  readonly rule: string;
  /** Distinguishes subjects of one rule, e.g. a model version or feature; '' when none. */
  readonly key: string;
  readonly severity: string;
  readonly state: 'firing' | 'resolved';
  readonly startedAt: EpochMs;
  readonly resolvedAt: EpochMs | null;
  readonly lastNotifiedAt: EpochMs | null;
  readonly details: JsonObject;
}

/** Alert incidents. */
export interface AlertRepository {
  /** Opens an incident unless one is already firing for (rule, key); returns the firing one either way and whether it is new. */
  open(incident: Omit<IncidentRecord, 'state' | 'resolvedAt' | 'lastNotifiedAt'>): Promise<{ readonly incident: IncidentRecord; readonly created: boolean }>;
  /** Resolves the firing incident of (rule, key) at `at`; returns it, or null if none was firing. */
  resolve(rule: string, key: string, at: EpochMs): Promise<IncidentRecord | null>;
  /** Records that a notification was sent. NOT_FOUND if missing. */
  markNotified(id: string, at: EpochMs): Promise<void>;
  /** An incident, or null. */
  get(id: string): Promise<IncidentRecord | null>;
  /** Incidents newest first, optionally by state. */
  list(options?: { readonly state?: 'firing' | 'resolved'; readonly limit?: number }): Promise<readonly IncidentRecord[]>;
}

/** Job states; queued and running are unfinished (resumed after a restart). */
export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** A background job (batch scoring, backup…). */
export interface JobRecord {
  readonly id: string;
  readonly kind: string;
  readonly state: JobState;
  readonly params: JsonObject;
  /** Rows done / total (total null when unknown). */
  readonly progress: { readonly done: number; readonly total: number | null };
  /** Where to resume (e.g. a byte offset and row number), or null. */
  readonly cursor: JsonValue | null;
  readonly result: JsonValue | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

/** Fields a job update may change. */
export type JobPatch = Partial<Pick<JobRecord, 'state' | 'progress' | 'cursor' | 'result' | 'error' | 'attempts'>> & { readonly updatedAt: EpochMs };

/** Background jobs. */
export interface JobRepository {
  /** Stores a new job. CONFLICT on duplicate id. */
  create(record: JobRecord): Promise<void>;
  /** A job, or null. */
  get(id: string): Promise<JobRecord | null>;
  /** Applies the patch (only if the job is in `expectedState`, when given, else CONFLICT) and returns the job. NOT_FOUND if missing. */
  update(id: string, patch: JobPatch, expectedState?: JobState): Promise<JobRecord>;
  /** Jobs newest first, optionally filtered. */
  list(options?: { readonly states?: readonly JobState[]; readonly kind?: string; readonly limit?: number }): Promise<readonly JobRecord[]>;
}

/** A message waiting to be delivered (webhook notification), retried with backoff. */
export interface OutboxMessage {
  readonly id: number;
  /** Where it goes, e.g. 'webhook'. */
  readonly topic: string;
  readonly payload: JsonObject;
  readonly attempts: number;
  readonly nextAttemptAt: EpochMs;
  readonly lastError: string | null;
  readonly deliveredAt: EpochMs | null;
  readonly createdAt: EpochMs;
}

/** Durable outbox of notifications, so restarts do not lose them. */
export interface OutboxRepository {
  /** Queues a message due at `at`; returns it. */
  enqueue(topic: string, payload: JsonObject, at: EpochMs): Promise<OutboxMessage>;
  /** Undelivered messages due at or before `now`, oldest first. */
  due(topic: string, now: EpochMs, limit?: number): Promise<readonly OutboxMessage[]>;
  /** Marks delivered. */
  markDelivered(id: number, at: EpochMs): Promise<void>;
  /** Records a failed attempt and when to retry. */
  markFailed(id: number, error: string, nextAttemptAt: EpochMs): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Maintenance, locks, the Store itself
// ---------------------------------------------------------------------------------------------

/** Migration status of the connected database against the code. */
export interface MigrationStatus {
  readonly applied: readonly string[];
  readonly pending: readonly string[];
  /** Applied in the database but unknown to this code (the database is ahead). */
  readonly unknown: readonly string[];
}

/** The result of running migrations; an error is recorded here, not thrown (kysely's migrator). */
export interface MigrationRun {
  readonly applied: readonly string[];
  readonly error: Error | null;
}

/** One pending migration with the SQL it would run (dry run). */
export interface MigrationPlan {
  readonly name: string;
  readonly sql: readonly string[];
}

/** Result of health(); never throws. */
export interface StoreHealth {
  readonly ok: boolean;
  readonly dialect: StoreDialect;
  readonly latencyMs: number;
  readonly error: string | null;
}

/** Names of the stored tables that backup/restore move (in dependency order). */
export const STORE_TABLES = [
  'model_versions', 'aliases', 'alias_moves', 'predictions', 'feedback', 'api_keys', 'audit_head',
  'audit_log', 'rollouts', 'rollout_events', 'incidents', 'jobs', 'outbox',
] as const;
export type StoreTable = (typeof STORE_TABLES)[number];

/** Logical export/import for backups (dialect independent), and counts for manifests. */
export interface MaintenanceRepository {
  /** Row count of every table. */
  counts(): Promise<Readonly<Record<StoreTable, number>>>;
  /** Raw rows of a table in primary-key order after `after` (an opaque key from the previous batch). */
  exportRows(table: StoreTable, after: string | null, limit: number): Promise<{ readonly rows: readonly Record<string, unknown>[]; readonly next: string | null }>;
  /** Inserts raw rows exported by exportRows (same or other dialect) in one transaction. */
  importRows(table: StoreTable, rows: readonly Record<string, unknown>[]): Promise<void>;
  /** True when no table holds a row (restore targets must be empty). */
  isEmpty(): Promise<boolean>;
  /**
   * Runs `read` against one consistent view of every table: a read-only REPEATABLE READ
   * transaction on PostgreSQL (writers carry on), one read transaction on SQLite (which holds
   * this process's connection: back SQLite up with `backupTo` instead).
   */
  snapshot<T>(read: (view: MaintenanceSnapshot) => Promise<T>): Promise<T>;
  /** Deletes every row of every table and resets the audit chain to its genesis (restore --force). */
  clear(): Promise<void>;
  /**
   * A restore's data in one transaction: optionally clear every table first, then import
   * whatever `source` hands to `insert` (rows as importRows takes them). If anything fails —
   * the source or an insert — nothing has changed: the old rows are still there.
   */
  replaceAll(options: { readonly clear: boolean }, source: (insert: (table: StoreTable, rows: readonly Record<string, unknown>[]) => Promise<void>) => Promise<void>): Promise<void>;
  /** The database server's clock (epoch ms, second resolution), to detect clock skew. */
  databaseTime(): Promise<EpochMs>;
}

/** The reads a snapshot offers (same contracts as on MaintenanceRepository). */
export type MaintenanceSnapshot = Pick<MaintenanceRepository, 'counts' | 'exportRows'>;

/** A held lock; release is idempotent. */
export interface LockHandle {
  release(): Promise<void>;
}

/** Named exclusive locks (one rollout controller at a time). */
export interface LockRepository {
  /** Takes the lock if free and returns a handle, else null. Never waits. */
  tryAcquire(name: string): Promise<LockHandle | null>;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** What this backend can do; read flags instead of testing the dialect. */
export interface StoreCapabilities {
  /** Locks hold across processes and machines (PostgreSQL advisory locks); false = one process only. */
  readonly crossProcessLocks: boolean;
  /** Several servers may share this store. */
  readonly multiReplica: boolean;
  /** `backupTo(file)` is available (SQLite online backup). */
  readonly onlineFileBackup: boolean;
  /** Migrations run inside one transaction (both dialects have transactional DDL). */
  readonly transactionalMigrations: boolean;
}

/** Everything riskgate persists. Obtain one with `openStore(url)`. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly capabilities: StoreCapabilities;
  /** The URL it was opened with, without any password. */
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
  /** Applies pending migrations; the error (if any) is on the result. */
  migrate(): Promise<MigrationRun>;
  /** Applied, pending and unknown migrations. */
  migrationStatus(): Promise<MigrationStatus>;
  /** The SQL pending migrations would run, without running it. */
  planMigrations(): Promise<readonly MigrationPlan[]>;
  /** Throws MIGRATIONS_PENDING or DATABASE_AHEAD unless the schema matches the code exactly. */
  assertMigrated(): Promise<void>;
  /** Pings the database with timing; never throws. */
  health(): Promise<StoreHealth>;
  /** SQLite only (capabilities.onlineFileBackup): a consistent copy of the database file while it serves. */
  backupTo?(file: string): Promise<void>;
  /** Closes connections; idempotent. */
  close(): Promise<void>;
}
