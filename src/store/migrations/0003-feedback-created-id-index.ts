import type { Kysely, Migration } from 'kysely';

/**
 * feedback_created_idx on (created_at, id) instead of created_at alone: outcomes are read in
 * pages ordered by (created_at, id), and rows created in the same millisecond (an import of
 * outcomes in one batch) made every page sort them all again without the id in the index.
 */
export function feedbackCreatedIdIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('feedback_created_idx').execute();
      await db.schema.createIndex('feedback_created_idx').on('feedback').columns(['created_at', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('feedback_created_idx').execute();
      await db.schema.createIndex('feedback_created_idx').on('feedback').column('created_at').execute();
    },
  };
}
