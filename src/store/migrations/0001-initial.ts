import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect-traits.js';

/** The genesis "previous hash" of the audit chain: 64 zeros. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * The first schema: every table of the Store interface. Column types that differ between
 * dialects (JSON, auto-increment ids) come from the traits, so this one migration serves both.
 */
export function initialMigration(traits: DialectTraits): Migration {
  const json = traits.jsonType;
  /* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against a schema that is being built */
  const serialTable = (db: Kysely<any>, name: string) =>
    db.schema.createTable(name).addColumn('id', traits.serialType, (c) => (traits.serialNeedsAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey()));
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('predictions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('patient_hash', 'text')
        .addColumn('model_version', 'text', (c) => c.notNull())
        .addColumn('model_checksum', 'text', (c) => c.notNull())
        .addColumn('arm', 'text', (c) => c.notNull())
        .addColumn('rollout_id', 'text')
        .addColumn('input', json, (c) => c.notNull())
        .addColumn('probability', 'double precision', (c) => c.notNull())
        .addColumn('output', json, (c) => c.notNull())
        .addColumn('explanation', json)
        .addColumn('error', 'text')
        .addColumn('latency_ms', 'double precision', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('predictions_patient_idx').on('predictions').columns(['patient_hash', 'created_at']).execute();
      await db.schema.createIndex('predictions_created_idx').on('predictions').column('created_at').execute();
      await db.schema.createIndex('predictions_version_arm_idx').on('predictions').columns(['model_version', 'arm', 'created_at']).execute();
      await db.schema.createIndex('predictions_rollout_idx').on('predictions').columns(['rollout_id', 'created_at']).execute();

      await db.schema.createTable('feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('prediction_id', 'text')
        .addColumn('patient_hash', 'text')
        .addColumn('outcome', 'integer', (c) => c.notNull())
        .addColumn('observed_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_prediction_idx').on('feedback').columns(['prediction_id', 'observed_at']).execute();

      await db.schema.createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull().unique())
        .addColumn('test', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('expires_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addColumn('rotated_from', 'text')
        .execute();

      // The chain head is one row: appends update it first, which both serializes concurrent
      // writers (row lock in PostgreSQL, write lock in SQLite) and lets verify detect a
      // truncated tail.
      await db.schema.createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: AUDIT_GENESIS_HASH }).execute();
      await db.schema.createTable('audit_log')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('ip', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();

      await db.schema.createTable('model_versions')
        .addColumn('version', 'text', (c) => c.primaryKey())
        .addColumn('checksum', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('metadata', json, (c) => c.notNull())
        .addColumn('signature_hash', 'text', (c) => c.notNull())
        .addColumn('smoke_set', json)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .execute();
      await db.schema.createTable('aliases')
        .addColumn('alias', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull().references('model_versions.version'))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await serialTable(db, 'alias_moves')
        .addColumn('alias', 'text', (c) => c.notNull())
        .addColumn('from_version', 'text')
        .addColumn('to_version', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alias_moves_alias_at_idx').on('alias_moves').columns(['alias', 'at']).execute();

      await db.schema.createTable('rollouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('candidate_version', 'text', (c) => c.notNull())
        .addColumn('baseline_version', 'text')
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('active_env', 'text', (c) => c.unique())
        .addColumn('state', json, (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rollouts_env_idx').on('rollouts').columns(['env', 'created_at']).execute();
      await serialTable(db, 'rollout_events')
        .addColumn('rollout_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('data', json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rollout_events_rollout_idx').on('rollout_events').columns(['rollout_id', 'id']).execute();

      await db.schema.createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('firing_key', 'text', (c) => c.unique())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_at', 'bigint')
        .addColumn('last_notified_at', 'bigint')
        .addColumn('details', json, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('incidents_started_idx').on('incidents').column('started_at').execute();

      await db.schema.createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('params', json, (c) => c.notNull())
        .addColumn('progress_done', 'bigint', (c) => c.notNull())
        .addColumn('progress_total', 'bigint')
        .addColumn('cursor', json)
        .addColumn('result', json)
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_state_idx').on('jobs').columns(['state', 'created_at']).execute();

      await serialTable(db, 'outbox')
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('payload', json, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['topic', 'delivered_at', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['outbox', 'jobs', 'incidents', 'rollout_events', 'rollouts', 'alias_moves', 'aliases', 'model_versions', 'audit_log', 'audit_head', 'api_keys', 'feedback', 'predictions']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
  /* eslint-enable @typescript-eslint/no-explicit-any */
}
