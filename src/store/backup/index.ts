// Backups and restores: consistent archives of the database, artifacts and configuration,
// their verification, restores (across dialects), retention, and the schema check at start.
export { BACKUP_FORMAT, BACKUP_PATHS, MANIFEST_FILE, DUMP_METHODS, parseManifest } from './backup-manifest.js';
export type { BackupManifest, DumpMethod } from './backup-manifest.js';
export { backupFileName, BACKUP_FILE_PATTERN } from './backup-file-name.js';
export { createBackup } from './create-backup.js';
export type { BackupResult, CreateBackupOptions } from './create-backup.js';
export { openBackup } from './open-backup.js';
export type { OpenedBackup } from './open-backup.js';
export { restoreBackup } from './restore-backup.js';
export type { RestoreBackupOptions, RestoreReport } from './restore-backup.js';
export { pruneBackups } from './prune-backups.js';
export type { RetentionPolicy } from './prune-backups.js';
export { checkSchema } from './check-schema.js';
export type { PgDumpTarget } from './run-pg-dump.js';
export { riskgateVersion } from './riskgate-version.js';
