import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { openStore } from '../open-store.js';
import { STORE_TABLES } from '../store.js';
import type { MaintenanceSnapshot, Store, StoreTable } from '../store.js';
import { BACKUP_FORMAT, BACKUP_PATHS, MANIFEST_FILE } from './backup-manifest.js';
import type { BackupManifest, DumpMethod } from './backup-manifest.js';
import { hashFile, listFiles } from './hash-file.js';
import { riskgateVersion } from './riskgate-version.js';
import { runPgDump } from './run-pg-dump.js';
import type { PgDumpTarget } from './run-pg-dump.js';
import { writeTableRows } from './table-rows.js';

/** What to back up and where. */
export interface CreateBackupOptions {
  readonly store: Store;
  /** The archive to write (.tar.gz); its folder is created; written under a temporary name, then renamed. */
  readonly out: string;
  /** MODEL_PATH, whose files are archived under models/; null or a missing folder archives none. */
  readonly modelPath: string | null;
  /** config/environments.yml to include (passwords inside URLs are masked); null = none. */
  readonly configFile: string | null;
  /** PostgreSQL only: where pg_dump connects (the store's own URL has no password). Omit to skip pg_dump. */
  readonly pgDump?: PgDumpTarget;
  /** The clock (manifest created_at). */
  readonly now?: () => Date;
}

/** A written archive. */
export interface BackupResult {
  readonly file: string;
  readonly manifest: BackupManifest;
  readonly bytes: number;
}

/** What the database part of a backup produced. */
interface DatabaseDump {
  readonly method: DumpMethod;
  readonly nativeFile: string | null;
  readonly note: string | null;
  readonly counts: Record<StoreTable, number>;
  readonly migrations: readonly string[];
}

/** `//user:secret@` becomes `//user:***@`: a config file in a backup never carries a password. */
const URL_PASSWORD = /(\/\/[^:/@\s]+:)[^@\s]*@/g;

/**
 * Takes a consistent backup while the server keeps serving: the database (SQLite's online
 * backup API; on PostgreSQL a REPEATABLE READ export, plus pg_dump when it is on PATH), the
 * model artifacts and the configuration, in one tar.gz with manifest.json (row counts per
 * table, SHA-256 of every file, migrations, riskgate version, created_at). The logical rows
 * (database/rows/*.jsonl) are always there: they restore into either dialect.
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const staging = mkdtempSync(join(tmpdir(), 'riskgate-backup-'));
  const out = resolve(options.out);
  const partial = `${out}.partial`;
  try {
    mkdirSync(join(staging, BACKUP_PATHS.rowsDir), { recursive: true });
    const dump = await dumpDatabase(options, staging);
    copyModels(options.modelPath, join(staging, BACKUP_PATHS.modelsDir));
    copyConfig(options.configFile, join(staging, BACKUP_PATHS.configDir));
    const files: Record<string, string> = {};
    for (const rel of listFiles(staging)) files[rel] = await hashFile(join(staging, rel));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      riskgate_version: riskgateVersion(),
      created_at: (options.now?.() ?? new Date()).toISOString(),
      source: { dialect: options.store.dialect, url: options.store.url, model_path: options.modelPath === null ? null : resolve(options.modelPath) },
      database: { method: dump.method, native_file: dump.nativeFile, note: dump.note },
      migrations: [...dump.migrations],
      counts: dump.counts,
      files,
    };
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    mkdirSync(dirname(out), { recursive: true });
    // The manifest goes first so `tar tzf | head` shows what the archive is.
    await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, [MANIFEST_FILE, ...Object.keys(files)]);
    renameSync(partial, out);
    return { file: out, manifest, bytes: statSync(out).size };
  } finally {
    rmSync(partial, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Dumps the database into the staging folder, choosing the method from the store's capabilities. */
async function dumpDatabase(options: CreateBackupOptions, staging: string): Promise<DatabaseDump> {
  const { store } = options;
  const rowsDir = join(staging, BACKUP_PATHS.rowsDir);
  if (store.capabilities.onlineFileBackup && store.backupTo) {
    // The online backup is the snapshot; the rows are read from the copy, so the live
    // database's connection is never held for the length of an export.
    const file = join(staging, BACKUP_PATHS.sqliteFile);
    await store.backupTo(file);
    const copy = await openStore(`sqlite:${file}`);
    try {
      const rows = await copy.maintenance.snapshot((view) => exportRows(view, rowsDir));
      const migrations = (await copy.migrationStatus()).applied;
      return { method: 'sqlite-online-backup', nativeFile: BACKUP_PATHS.sqliteFile, note: null, counts: rows, migrations };
    } finally {
      await copy.close();
      for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
  }
  const migrations = (await store.migrationStatus()).applied;
  const counts = await store.maintenance.snapshot((view) => exportRows(view, rowsDir));
  if (options.pgDump === undefined) return { method: 'logical', nativeFile: null, note: 'no native dump requested', counts, migrations };
  const pg = await runPgDump(options.pgDump, join(staging, BACKUP_PATHS.pgDumpFile));
  if (pg.ok) return { method: 'pg_dump', nativeFile: BACKUP_PATHS.pgDumpFile, note: 'pg_dump took its own snapshot; counts are those of database/rows', counts, migrations };
  rmSync(join(staging, BACKUP_PATHS.pgDumpFile), { force: true });
  return { method: 'logical', nativeFile: null, note: pg.reason, counts, migrations };
}

/** Writes the rows of one snapshot and checks they agree with its counts (they must: one snapshot). */
async function exportRows(view: MaintenanceSnapshot, rowsDir: string): Promise<Record<StoreTable, number>> {
  const counts = await view.counts();
  const written = await writeTableRows(view, rowsDir);
  const off = STORE_TABLES.find((t) => written[t] !== counts[t]);
  if (off !== undefined) throw new Error(`Backup export of ${off} wrote ${written[off]} rows but the snapshot counts ${counts[off]}`);
  return written;
}

/** Copies every regular file under MODEL_PATH (artifacts are plain files; links are not followed). */
function copyModels(modelPath: string | null, target: string): void {
  if (modelPath === null || !existsSync(modelPath)) return;
  for (const rel of listFiles(modelPath)) {
    mkdirSync(dirname(join(target, rel)), { recursive: true });
    copyFileSync(join(modelPath, rel), join(target, rel));
  }
}

/** Copies the configuration file with any password inside a URL masked (secrets never go into a backup). */
function copyConfig(configFile: string | null, target: string): void {
  if (configFile === null || !existsSync(configFile)) return;
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, basename(configFile)), readFileSync(configFile, 'utf8').replace(URL_PASSWORD, '$1***@'));
}
