import { RiskgateError } from '../errors.js';
import { openPostgresStore } from './postgres-store.js';
import type { PostgresStoreOptions } from './postgres-store.js';
import { SQLITE_MEMORY, openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** Options of openStore; PostgreSQL-only ones are ignored by SQLite. */
export type OpenStoreOptions = PostgresStoreOptions;

/**
 * Opens the Store a URL names: `sqlite:PATH` (relative to the working directory; the parent
 * folder is created), `sqlite::memory:`, or `postgres://…` / `postgresql://…`. Does not
 * migrate: call `migrate()` or `assertMigrated()` next. CONFIG_INVALID for any other URL.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url === 'sqlite::memory:') return openSqliteStore(SQLITE_MEMORY);
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path.length === 0) throw new RiskgateError('CONFIG_INVALID', { summary: 'DATABASE_URL sqlite: needs a file path, e.g. sqlite:./var/riskgate.db' });
    return openSqliteStore(path);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url, options);
  throw new RiskgateError('CONFIG_INVALID', { summary: `DATABASE_URL must be sqlite:PATH, sqlite::memory: or postgres://…, not ${url.split(':')[0]}:…` });
}
