import type { Command } from 'commander';
import { AuditLog } from '../../auth/index.js';
import type { Config } from '../../config/index.js';
import { RiskgateError } from '../../errors.js';
import type { Store } from '../../store/index.js';
import { takeBackup } from './backup.js';
import { printLines, withConfiguredStore } from './configured-store.js';

/**
 * The backup taken before migrating: the full `riskgate backup` archive (database by SQLite's
 * online backup or, on PostgreSQL, a consistent export plus pg_dump; artifacts; configuration)
 * as backups.dir/pre-migrate-<UTC time>.tar.gz. Returns where it went.
 */
export async function backupBeforeMigration(store: Store, config: Config, now: number): Promise<string> {
  return (await takeBackup(store, config, { prefix: 'pre-migrate', now: new Date(now) })).file;
}

/** `riskgate migrate [--dry-run]`: shows or applies pending migrations, backing up first. */
export function registerMigrate(program: Command): void {
  program.command('migrate')
    .description('Apply pending database migrations (a backup is taken first); --dry-run lists them with their SQL.')
    .option('--dry-run', 'list pending migrations and the SQL they would run, change nothing')
    .option('--skip-backup', 'do not back up first')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { dryRun?: boolean; skipBackup?: boolean; env?: string }) => {
      await withConfiguredStore(opts, async ({ store, config, actor }) => {
        const status = await store.migrationStatus();
        if (status.unknown.length > 0) throw new RiskgateError('DATABASE_AHEAD', { unknown: status.unknown.join(', ') });
        const lines = [`Database: ${store.url} (${store.dialect})`, `Applied: ${status.applied.length > 0 ? status.applied.join(', ') : 'none'}`];
        if (status.pending.length === 0) {
          printLines([...lines, 'Pending: none — the database is up to date.']);
          return;
        }
        if (opts.dryRun) {
          const plans = await store.planMigrations();
          printLines([...lines, `Pending: ${status.pending.join(', ')}`, ...plans.flatMap((p) => ['', `-- migration ${p.name}`, ...p.sql])]);
          return;
        }
        // A database that never saw a migration holds nothing worth a backup.
        if (!opts.skipBackup && status.applied.length > 0) {
          const file = await backupBeforeMigration(store, config, Date.now());
          lines.push(`Backup: ${file} (restore with: riskgate restore ${file} --force)`);
        }
        const run = await store.migrate();
        if (run.error !== null) {
          await new AuditLog({ store }).record({ actor, action: 'migrate', result: 'error', details: { applied: [...run.applied], error: run.error.message } }).catch(() => {});
          throw new RiskgateError('INTERNAL', { requestId: 'cli' }, { cause: run.error, message: `Migration failed after applying [${run.applied.join(', ')}]: ${run.error.message}` });
        }
        await store.assertMigrated();
        await new AuditLog({ store }).record({ actor, action: 'migrate', result: 'ok', details: { applied: [...run.applied] } });
        printLines([...lines, `Applied now: ${run.applied.join(', ')}`, 'The database is up to date.']);
      }, false);
    });
}
