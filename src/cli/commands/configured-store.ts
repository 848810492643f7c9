import { userInfo } from 'node:os';
import { loadConfig } from '../../config/index.js';
import type { Config } from '../../config/index.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';

/** What a store-backed command receives. */
export interface StoreCommandContext {
  readonly config: Config;
  readonly store: Store;
  /** The audit actor of this command: `cli:<os user>`. */
  readonly actor: string;
}

/** Options every store-backed command accepts. */
export interface StoreCommandOptions {
  readonly env?: string;
}

/** The audit actor of CLI actions. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

/**
 * Runs `action` against the store the configuration names (DATABASE_URL, else the env's
 * store.url; default sqlite:./var/riskgate.db), with or without a running server, then closes
 * it. A brand-new database (nothing applied yet) is migrated first, as the server would on
 * first start; a database with some but not all migrations is refused with MIGRATIONS_PENDING
 * (run `riskgate migrate`, which backs up first). `migrate` itself passes `requireMigrated: false`.
 */
export async function withConfiguredStore<T>(options: StoreCommandOptions, action: (ctx: StoreCommandContext) => Promise<T>, requireMigrated = true): Promise<T> {
  const config = loadConfig({ env: options.env });
  const store = await openStore(config.store.url);
  try {
    if (requireMigrated) {
      const status = await store.migrationStatus();
      if (status.applied.length === 0 && status.unknown.length === 0) {
        const run = await store.migrate();
        if (run.error !== null) throw run.error;
      }
      await store.assertMigrated();
    }
    return await action({ config, store, actor: cliActor() });
  } finally {
    await store.close();
  }
}

/** Formats epoch ms as an ISO time, or '-' for null. */
export function formatTime(at: number | null): string {
  return at === null ? '-' : new Date(at).toISOString();
}

/** Writes lines to stdout. */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/** Left-aligned columns with a header row. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
