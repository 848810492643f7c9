import type { StoreCapabilities, StoreDialect } from './store.js';
import type { StoreFailure } from './store-error.js';

/**
 * What differs between the SQL backends, in one object handed to the shared code (migrations,
 * repositories): column types, abilities, and how to read the driver's errors. Shared code reads
 * these fields instead of testing the dialect name (kysely's adapter flags).
 */
export interface DialectTraits {
  readonly dialect: StoreDialect;
  readonly capabilities: StoreCapabilities;
  /** Column type of JSON columns: text in SQLite, jsonb in PostgreSQL. */
  readonly jsonType: 'text' | 'jsonb';
  /** Auto-increment id column: SQLite's INTEGER PRIMARY KEY AUTOINCREMENT or PostgreSQL's bigserial. */
  readonly serialType: 'integer' | 'bigserial';
  readonly serialNeedsAutoIncrement: boolean;
  /** Maps a driver error to a failure code (never throws). */
  classify(error: unknown): StoreFailure;
}
