import type { Migration } from 'kysely';
import type { DialectTraits } from '../dialect-traits.js';
import { initialMigration } from './0001-initial.js';
import { feedbackCreatedIndexMigration } from './0002-feedback-created-index.js';
import { feedbackCreatedIdIndexMigration } from './0003-feedback-created-id-index.js';

export { AUDIT_GENESIS_HASH } from './0001-initial.js';

/**
 * Every migration, by name; names sort in the order they apply (Kysely's Migrator sorts
 * them). Add a new file `NNNN-what.ts` and one line here; never edit an applied migration.
 */
export function buildMigrations(traits: DialectTraits): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(traits),
    '0002_feedback_created_index': feedbackCreatedIndexMigration(),
    '0003_feedback_created_id_index': feedbackCreatedIdIndexMigration(),
  };
}
