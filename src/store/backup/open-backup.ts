import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extract } from 'tar';
import { RiskgateError } from '../../errors.js';
import { openStore } from '../open-store.js';
import { STORE_TABLES } from '../store.js';
import type { StoreTable } from '../store.js';
import { BACKUP_PATHS, MANIFEST_FILE, parseManifest } from './backup-manifest.js';
import type { BackupManifest } from './backup-manifest.js';
import { hashFile, listFiles } from './hash-file.js';
import { readTableRows, tableRowsFile } from './table-rows.js';

/** An archive unpacked into a temporary folder and fully verified; `dispose` removes the folder. */
export interface OpenedBackup {
  readonly file: string;
  readonly dir: string;
  readonly manifest: BackupManifest;
  /** Rows found per table (equal to the manifest's counts, else it would not have opened). */
  readonly counts: Readonly<Record<StoreTable, number>>;
  dispose(): void;
}

/** Archive entries other than files and folders (links, devices) are never extracted. */
const EXTRACTABLE = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Unpacks and verifies an archive: manifest valid, every listed file present with its
 * SHA-256, no file the manifest does not list, row files holding exactly the counted rows,
 * and (SQLite) the database file itself holding those counts and migrations. Throws
 * BACKUP_INVALID naming the first problem.
 */
export async function openBackup(file: string): Promise<OpenedBackup> {
  const path = resolve(file);
  const invalid = (reason: string): RiskgateError => new RiskgateError('BACKUP_INVALID', { file: path, reason });
  if (!existsSync(path)) throw invalid('the file does not exist');
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-restore-'));
  const dispose = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const refused: string[] = [];
    try {
      // tar strips absolute paths and '..' on its own; links are filtered here.
      await extract({ file: path, cwd: dir, strict: true, filter: (p, entry) => {
        const ok = EXTRACTABLE.has((entry as { type?: string }).type ?? '');
        if (!ok) refused.push(p);
        return ok;
      } });
    } catch (e) {
      throw invalid(`not a readable tar.gz archive (${(e as Error).message})`);
    }
    if (refused.length > 0) throw invalid(`holds entries that are not plain files: ${refused.slice(0, 3).join(', ')}`);
    if (!existsSync(join(dir, MANIFEST_FILE))) throw invalid(`${MANIFEST_FILE} is missing`);
    const manifest = parseManifest(readFileSync(join(dir, MANIFEST_FILE), 'utf8'), path);
    await checkFiles(dir, manifest, invalid);
    const counts = await checkRowCounts(dir, manifest, invalid);
    if (manifest.database.native_file === BACKUP_PATHS.sqliteFile) await checkSqliteFile(dir, manifest, invalid);
    return { file: path, dir, manifest, counts, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

/** Every listed file is there with its hash; nothing unlisted is there. */
async function checkFiles(dir: string, manifest: BackupManifest, invalid: (r: string) => Error): Promise<void> {
  const present = new Set(listFiles(dir).filter((f) => f !== MANIFEST_FILE));
  for (const [rel, expected] of Object.entries(manifest.files)) {
    if (!present.has(rel)) throw invalid(`${rel} is listed in the manifest but missing`);
    const actual = await hashFile(join(dir, rel));
    if (actual !== expected) throw invalid(`${rel} does not match its checksum (sha256 ${actual}, manifest ${expected})`);
    present.delete(rel);
  }
  const extra = [...present][0];
  if (extra !== undefined) throw invalid(`${extra} is in the archive but not in the manifest`);
}

/** Each table's row file holds exactly the manifest's count. */
async function checkRowCounts(dir: string, manifest: BackupManifest, invalid: (r: string) => Error): Promise<Record<StoreTable, number>> {
  const counts = {} as Record<StoreTable, number>;
  for (const table of STORE_TABLES) {
    const rowsFile = tableRowsFile(join(dir, BACKUP_PATHS.rowsDir), table);
    if (!existsSync(rowsFile)) throw invalid(`the rows of ${table} are missing`);
    let n = 0;
    try {
      for await (const rows of readTableRows(rowsFile)) n += rows.length;
    } catch (e) {
      throw invalid(`the rows of ${table} are unreadable (${(e as Error).message})`);
    }
    if (n !== manifest.counts[table]) throw invalid(`${table} holds ${n} rows, the manifest counts ${manifest.counts[table]}`);
    counts[table] = n;
  }
  return counts;
}

/** The SQLite snapshot opens, holds the counted rows and the listed migrations. */
async function checkSqliteFile(dir: string, manifest: BackupManifest, invalid: (r: string) => Error): Promise<void> {
  let store;
  try {
    store = await openStore(`sqlite:${join(dir, BACKUP_PATHS.sqliteFile)}`);
  } catch (e) {
    throw invalid(`the SQLite snapshot does not open (${(e as Error).message})`);
  }
  try {
    const counts = await store.maintenance.counts();
    const off = STORE_TABLES.find((t) => counts[t] !== manifest.counts[t]);
    if (off !== undefined) throw invalid(`the SQLite snapshot holds ${counts[off]} rows in ${off}, the manifest counts ${manifest.counts[off]}`);
    const applied = (await store.migrationStatus()).applied;
    if (applied.join(',') !== manifest.migrations.join(',')) throw invalid(`the SQLite snapshot has migrations [${applied.join(', ')}], the manifest lists [${manifest.migrations.join(', ')}]`);
  } finally {
    await store.close();
  }
}
