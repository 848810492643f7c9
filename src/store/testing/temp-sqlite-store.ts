// Tests' temporary SQLite store: a migrated database in a file of its own under the OS temp
// folder, and the one call that closes it and deletes the file with its WAL and shared memory.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';

/** A migrated SQLite store in `<tmp>/riskgate-<name>-<uuid>.db`; `dispose` closes and deletes it. */
export async function openTempSqliteStore(name: string): Promise<{ readonly store: Store; dispose(): Promise<void> }> {
  const file = join(tmpdir(), `riskgate-${name}-${randomUUID()}.db`);
  const store = await openStore(`sqlite:${file}`);
  const run = await store.migrate();
  if (run.error) {
    await store.close();
    throw run.error;
  }
  return {
    store,
    async dispose() {
      await store.close();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}
