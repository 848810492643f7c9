import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BACKUP_FILE_PATTERN } from './backup-file-name.js';

/** How many backups to keep. */
export interface RetentionPolicy {
  /** Keep at most this many of the newest. */
  readonly keep: number;
  /** Also delete backups older than this (ms), never the newest one; omit for no age limit. */
  readonly maxAgeMs?: number;
}

/**
 * Deletes scheduled backups (`riskgate-backup-*.tar.gz`) in `dir` beyond the policy, newest
 * kept; the newest is always kept. Pre-restore and pre-migrate safety copies are never
 * pruned. Returns the deleted paths.
 */
export function pruneBackups(dir: string, policy: RetentionPolicy, now: Date): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  // Names embed the UTC time, so they sort by age; newest first.
  const scheduled = names.filter((n) => BACKUP_FILE_PATTERN.exec(n)?.[1] === 'riskgate-backup').sort().reverse();
  const doomed = scheduled.filter((name, i) => {
    if (i === 0) return false;
    if (i >= Math.max(1, policy.keep)) return true;
    return policy.maxAgeMs !== undefined && now.getTime() - statSync(join(dir, name)).mtimeMs > policy.maxAgeMs;
  });
  for (const name of doomed) rmSync(join(dir, name), { force: true });
  return doomed.map((n) => join(dir, n));
}
