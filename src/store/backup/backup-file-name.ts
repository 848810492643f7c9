/** Archives written by riskgate are named `<prefix>-YYYYMMDD-HHMMSS.tar.gz` (UTC), so names sort by age. */
export const BACKUP_FILE_PATTERN = /^(riskgate-backup|pre-restore|pre-migrate)-(\d{8})-(\d{6})(-\d+)?\.tar\.gz$/;

/** The file name of a backup taken at `at`, e.g. `riskgate-backup-20261123-020000.tar.gz`. */
export function backupFileName(at: Date, prefix: 'riskgate-backup' | 'pre-restore' | 'pre-migrate' = 'riskgate-backup'): string {
  const iso = at.toISOString(); // 2026-11-23T02:00:00.000Z
  return `${prefix}-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}.tar.gz`;
}
