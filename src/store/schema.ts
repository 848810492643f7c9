/**
 * Row shapes of every table as Kysely sees them (snake_case columns). JSON columns travel as
 * their text encoding in both dialects (PostgreSQL's jsonb parser is replaced so it returns
 * the text), timestamps as epoch-ms numbers, flags as 0/1 integers.
 */
import type { Generated } from 'kysely';

/** A JSON column: encoded text on both sides. */
type Json = string;
/** 0 or 1. */
type Flag = number;

export interface PredictionsTable {
  id: string;
  patient_hash: string | null;
  model_version: string;
  model_checksum: string;
  arm: string;
  rollout_id: string | null;
  input: Json;
  probability: number;
  output: Json;
  explanation: Json | null;
  error: string | null;
  latency_ms: number;
  request_id: string | null;
  created_at: number;
}

export interface FeedbackTable {
  id: string;
  prediction_id: string | null;
  patient_hash: string | null;
  outcome: number;
  observed_at: number;
  created_at: number;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  prefix: string;
  hash: string;
  test: Flag;
  created_at: number;
  created_by: string | null;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  rotated_from: string | null;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  result: string;
  /** Canonical JSON text, exactly what was hashed (text in both dialects on purpose). */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface ModelVersionsTable {
  version: string;
  checksum: string;
  path: string;
  metadata: Json;
  signature_hash: string;
  smoke_set: Json | null;
  created_at: number;
  created_by: string | null;
}

export interface AliasesTable {
  alias: string;
  version: string;
  updated_at: number;
}

export interface AliasMovesTable {
  id: Generated<number>;
  alias: string;
  from_version: string | null;
  to_version: string | null;
  actor: string;
  reason: string;
  at: number;
}

export interface RolloutsTable {
  id: string;
  env: string;
  strategy: string;
  candidate_version: string;
  baseline_version: string | null;
  phase: string;
  /** The env while active, null once terminal: a UNIQUE column that allows one active rollout per env. */
  active_env: string | null;
  state: Json;
  revision: number;
  created_at: number;
  updated_at: number;
}

export interface RolloutEventsTable {
  id: Generated<number>;
  rollout_id: string;
  at: number;
  type: string;
  actor: string;
  message: string;
  data: Json;
}

export interface IncidentsTable {
  id: string;
  rule: string;
  key: string;
  severity: string;
  state: string;
  /** rule + NUL + key while firing, null once resolved: UNIQUE, so one firing incident per subject. */
  firing_key: string | null;
  started_at: number;
  resolved_at: number | null;
  last_notified_at: number | null;
  details: Json;
}

export interface JobsTable {
  id: string;
  kind: string;
  state: string;
  params: Json;
  progress_done: number;
  progress_total: number | null;
  cursor: Json | null;
  result: Json | null;
  error: string | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: Json;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
}

/** The whole schema. */
export interface Database {
  predictions: PredictionsTable;
  feedback: FeedbackTable;
  api_keys: ApiKeysTable;
  audit_head: AuditHeadTable;
  audit_log: AuditLogTable;
  model_versions: ModelVersionsTable;
  aliases: AliasesTable;
  alias_moves: AliasMovesTable;
  rollouts: RolloutsTable;
  rollout_events: RolloutEventsTable;
  incidents: IncidentsTable;
  jobs: JobsTable;
  outbox: OutboxTable;
}
