import type { Command } from 'commander';
import { AuditLog } from '../../auth/index.js';
import { loadConfig } from '../../config/index.js';
import { openStore, restoreBackup } from '../../store/index.js';
import { describeCounts, pgDumpTargetOf } from './backup.js';
import { cliActor, printLines } from './configured-store.js';

interface RestoreOptions {
  readonly into?: string;
  readonly force?: boolean;
  readonly env?: string;
}

/** `riskgate restore FILE [--into URL] [--force]`: restores an archive into an empty database and MODEL_PATH, then verifies. */
export function registerRestore(program: Command): void {
  program.command('restore <file>')
    .description('Restore a backup archive into an empty database (either dialect) and MODEL_PATH, then verify counts, checksums and the audit chain.')
    .option('--into <url>', 'database to restore into (default: the configured one)')
    .option('--force', 'overwrite a non-empty target, after backing it up into backups.dir')
    .option('--env <name>', 'configuration environment')
    .action(async (file: string, opts: RestoreOptions) => {
      const config = loadConfig({ env: opts.env });
      const url = opts.into ?? config.store.url;
      const target = await openStore(url);
      try {
        const report = await restoreBackup({
          file, target, modelPath: config.models.path, force: opts.force === true,
          safetyBackupDir: config.backups.dir, pgDump: pgDumpTargetOf(url),
        });
        await new AuditLog({ store: target }).record({ actor: cliActor(), action: 'backup.restore', result: 'ok', target: file, details: { from: report.manifest.source.url, created_at: report.manifest.created_at } });
        printLines([
          `Restored ${file} into ${target.url}`,
          ...(report.safetyBackup === null ? [] : [`The previous content was backed up first: ${report.safetyBackup}`]),
          `Rows: ${describeCounts(report.manifest)} (all counts match the backup)`,
          `Artifacts: ${report.artifactFiles} files in ${config.models.path} (checksums match)`,
          `Audit chain: ${report.auditChecked} records verify`,
        ]);
      } finally {
        await target.close();
      }
    });
}
