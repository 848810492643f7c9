import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { RiskgateError } from '../../errors.js';
import { STORE_TABLES } from '../store.js';
import type { Store, StoreTable } from '../store.js';
import { BACKUP_PATHS } from './backup-manifest.js';
import type { BackupManifest } from './backup-manifest.js';
import { backupFileName } from './backup-file-name.js';
import { createBackup } from './create-backup.js';
import { hashFile } from './hash-file.js';
import { openBackup } from './open-backup.js';
import type { PgDumpTarget } from './run-pg-dump.js';
import { importTableRows } from './table-rows.js';

/** What to restore, and where. */
export interface RestoreBackupOptions {
  readonly file: string;
  /** The database to restore into (either dialect); migrated here when it needs it. */
  readonly target: Store;
  /** MODEL_PATH to restore the artifacts into; null skips them. */
  readonly modelPath: string | null;
  /** Overwrite a non-empty target, after backing it up into `safetyBackupDir`. */
  readonly force?: boolean;
  /** Where the backup of a non-empty target goes before --force overwrites it. */
  readonly safetyBackupDir: string;
  /** PostgreSQL target: how pg_dump reaches it for that safety backup. */
  readonly pgDump?: PgDumpTarget;
  readonly now?: () => Date;
}

/** What a restore did, after checking it. */
export interface RestoreReport {
  readonly manifest: BackupManifest;
  /** Rows per table in the target after the restore (equal to the manifest's). */
  readonly counts: Readonly<Record<StoreTable, number>>;
  /** Audit records whose chain verified. */
  readonly auditChecked: number;
  /** Artifact files restored (or already identical). */
  readonly artifactFiles: number;
  /** The backup taken of a non-empty target before overwriting it, or null. */
  readonly safetyBackup: string | null;
}

const MODELS_PREFIX = `${BACKUP_PATHS.modelsDir}/`;

/**
 * Restores an archive (verified first) into an empty target: migrates it, imports every
 * table's rows (across dialects), restores the artifacts into MODEL_PATH with stored
 * artifact paths moved there, then checks row counts, artifact checksums and the audit
 * chain. A non-empty target (rows, or artifacts that differ) is refused with TARGET_NOT_EMPTY
 * unless `force`, which first backs the target up and then empties it.
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<RestoreReport> {
  const { target } = options;
  const backup = await openBackup(options.file);
  try {
    const { manifest } = backup;
    await prepareSchema(target, manifest, backup.file);
    const modelPath = options.modelPath === null ? null : resolve(options.modelPath);
    const artifacts = Object.entries(manifest.files).filter(([rel]) => rel.startsWith(MODELS_PREFIX));
    const conflict = modelPath === null ? null : await findArtifactConflict(modelPath, artifacts);
    const empty = await target.maintenance.isEmpty();
    let safetyBackup: string | null = null;
    if (!empty || conflict !== null) {
      const what = !empty ? target.url : `${modelPath} (${conflict} differs)`;
      if (options.force !== true) throw new RiskgateError('TARGET_NOT_EMPTY', { target: what });
      const out = join(options.safetyBackupDir, backupFileName(options.now?.() ?? new Date(), 'pre-restore'));
      safetyBackup = (await createBackup({ store: target, out, modelPath, configFile: null, pgDump: options.pgDump, now: options.now })).file;
    }
    if (modelPath !== null) {
      for (const [rel] of artifacts) {
        const to = join(modelPath, rel.slice(MODELS_PREFIX.length));
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(backup.dir, rel), to);
      }
    }
    const moveArtifactPath = artifactPathMover(manifest.source.model_path, modelPath);
    // Clearing (with --force) and every row of every table in one transaction: a restore that
    // fails midway leaves the database as it was.
    await target.maintenance.replaceAll({ clear: safetyBackup !== null }, (insert) =>
      importTableRows(insert, join(backup.dir, BACKUP_PATHS.rowsDir), (table, row) => (table === 'model_versions' ? moveArtifactPath(row) : row)));
    return { manifest, ...(await checkRestore(target, manifest, modelPath, artifacts, backup.file)), artifactFiles: modelPath === null ? 0 : artifacts.length, safetyBackup };
  } finally {
    backup.dispose();
  }
}

/** Brings the target's schema to the code's, refusing a backup or database this code does not know. */
async function prepareSchema(target: Store, manifest: BackupManifest, file: string): Promise<void> {
  const status = await target.migrationStatus();
  if (status.unknown.length > 0) throw new RiskgateError('DATABASE_AHEAD', { unknown: status.unknown.join(', ') });
  const known = new Set([...status.applied, ...status.pending]);
  const newer = manifest.migrations.filter((m) => !known.has(m));
  if (newer.length > 0) throw new RiskgateError('BACKUP_INVALID', { file, reason: `it was made by a newer riskgate (migrations ${newer.join(', ')} are unknown here); upgrade first` });
  const run = await target.migrate();
  if (run.error !== null) throw new Error(`Restore could not migrate ${target.url}: ${run.error.message}`, { cause: run.error });
}

/** The first archived artifact file that exists in MODEL_PATH with other content, or null. */
async function findArtifactConflict(modelPath: string, artifacts: readonly (readonly [string, string])[]): Promise<string | null> {
  for (const [rel, hash] of artifacts) {
    const path = join(modelPath, rel.slice(MODELS_PREFIX.length));
    if (existsSync(path) && (await hashFile(path)) !== hash) return rel.slice(MODELS_PREFIX.length);
  }
  return null;
}

/** Rewrites model_versions.path from the source's MODEL_PATH to the target's (paths elsewhere stay). */
function artifactPathMover(from: string | null, to: string | null): (row: Record<string, unknown>) => Record<string, unknown> {
  return (row) => {
    const path = row.path;
    if (from === null || to === null || typeof path !== 'string') return row;
    const rel = relative(from, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return row;
    return { ...row, path: join(to, rel) };
  };
}

/** After the import: counts equal the manifest's, artifacts hash as archived, the audit chain verifies. */
async function checkRestore(
  target: Store, manifest: BackupManifest, modelPath: string | null, artifacts: readonly (readonly [string, string])[], file: string,
): Promise<{ counts: Record<StoreTable, number>; auditChecked: number }> {
  const failed = (reason: string): RiskgateError => new RiskgateError('BACKUP_INVALID', { file, reason: `restored, but ${reason}` });
  const counts = await target.maintenance.counts();
  const off = STORE_TABLES.find((t) => counts[t] !== manifest.counts[t]);
  if (off !== undefined) throw failed(`${off} holds ${counts[off]} rows where the backup has ${manifest.counts[off]}`);
  if (modelPath !== null) {
    for (const [rel, hash] of artifacts) {
      if ((await hashFile(join(modelPath, rel.slice(MODELS_PREFIX.length)))) !== hash) throw failed(`${rel} does not match its checksum in MODEL_PATH`);
    }
  }
  const audit = await target.audit.verify();
  if (!audit.ok) throw failed(`the audit chain breaks at ${audit.firstBroken?.seq}: ${audit.firstBroken?.message}`);
  return { counts, auditChecked: audit.checked };
}
