import type { Store } from '../store.js';

/**
 * Refuses to serve on a schema that differs from the code's: throws MIGRATIONS_PENDING
 * (message names `riskgate migrate`) or DATABASE_AHEAD (upgrade riskgate). Call it at
 * server start before anything reads or writes. STORE_UNAVAILABLE when unreachable.
 */
export async function checkSchema(store: Store): Promise<void> {
  await store.assertMigrated();
}
