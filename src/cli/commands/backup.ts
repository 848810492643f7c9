import { join } from 'node:path';
import type { Command } from 'commander';
import { AuditLog } from '../../auth/index.js';
import type { Config } from '../../config/index.js';
import { backupFileName, createBackup, openBackup, STORE_TABLES } from '../../store/index.js';
import type { BackupManifest, BackupResult, PgDumpTarget, Store } from '../../store/index.js';
import { printLines, withConfiguredStore } from './configured-store.js';

/** pg_dump's target when the configured database is PostgreSQL (it needs the URL with its password). */
export function pgDumpTargetOf(url: string): PgDumpTarget | undefined {
  return /^postgres(ql)?:\/\//.test(url) ? { url } : undefined;
}

/**
 * Takes a full backup archive of the configured installation (database, MODEL_PATH,
 * environments.yml) into `out`, default backups.dir/riskgate-backup-<UTC time>.tar.gz.
 */
export async function takeBackup(store: Store, config: Config, options: { readonly out?: string; readonly prefix?: 'riskgate-backup' | 'pre-migrate'; readonly now?: Date } = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const out = options.out ?? join(config.backups.dir, backupFileName(now, options.prefix));
  return createBackup({ store, out, modelPath: config.models.path, configFile: config.paths.config_file, pgDump: pgDumpTargetOf(config.store.url), now: () => now });
}

/** One line per table with rows, for humans. */
export function describeCounts(manifest: BackupManifest): string {
  const parts = STORE_TABLES.filter((t) => manifest.counts[t] > 0).map((t) => `${t} ${manifest.counts[t]}`);
  return parts.length > 0 ? parts.join(', ') : 'no rows';
}

/** `riskgate backup [--out FILE]` and `riskgate backup verify FILE`. */
export function registerBackup(program: Command): void {
  const backup = program.command('backup')
    .description('Back up the database, model artifacts and configuration into one verified archive, while the server serves.')
    .option('--out <file>', 'archive to write (default: backups.dir/riskgate-backup-<time>.tar.gz)')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { out?: string; env?: string }) => {
      await withConfiguredStore(opts, async ({ store, config, actor }) => {
        const result = await takeBackup(store, config, { out: opts.out });
        await new AuditLog({ store }).record({ actor, action: 'backup.create', result: 'ok', target: result.file, details: { method: result.manifest.database.method, bytes: result.bytes } });
        const { manifest } = result;
        printLines([
          `Backup: ${result.file} (${result.bytes} bytes)`,
          `Database: ${manifest.source.url} by ${manifest.database.method}${manifest.database.note ? ` (${manifest.database.note})` : ''}`,
          `Rows: ${describeCounts(manifest)}`,
          `Files: ${Object.keys(manifest.files).length}, migrations: ${manifest.migrations.join(', ') || 'none'}`,
          `Check it with: riskgate backup verify ${result.file}`,
        ]);
      }, false);
    });
  backup.command('verify <file>')
    .description('Check an archive: manifest, every checksum, row counts (and the SQLite snapshot itself).')
    .action(async (file: string) => {
      const opened = await openBackup(file);
      try {
        const { manifest } = opened;
        printLines([
          `OK ${opened.file}`,
          `Made ${manifest.created_at} by riskgate ${manifest.riskgate_version} from ${manifest.source.url} (${manifest.database.method})`,
          `Rows: ${describeCounts(manifest)}`,
          `Files: ${Object.keys(manifest.files).length} checksums match; migrations: ${manifest.migrations.join(', ') || 'none'}`,
        ]);
      } finally {
        opened.dispose();
      }
    });
}
