import { z } from 'zod';
import { RiskgateError } from '../../errors.js';
import { STORE_TABLES } from '../store.js';
import type { StoreDialect, StoreTable } from '../store.js';

/** Format tag of the archives this code writes and reads. */
export const BACKUP_FORMAT = 'riskgate-backup/1';
/** The manifest's name at the root of the archive (the one file it does not list). */
export const MANIFEST_FILE = 'manifest.json';
/** Where things live inside an archive. */
export const BACKUP_PATHS = {
  sqliteFile: 'database/riskgate.sqlite',
  pgDumpFile: 'database/pg_dump.sql',
  rowsDir: 'database/rows',
  modelsDir: 'models',
  configDir: 'config',
} as const;

/** How the database part of an archive was taken. */
export const DUMP_METHODS = ['sqlite-online-backup', 'pg_dump', 'logical'] as const;
export type DumpMethod = (typeof DUMP_METHODS)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The manifest schema; unknown keys are refused so a foreign or damaged manifest is caught. */
const ManifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  riskgate_version: z.string().min(1),
  created_at: z.string().datetime(),
  source: z.strictObject({ dialect: z.enum(['sqlite', 'postgres']), url: z.string(), model_path: z.string().nullable() }),
  database: z.strictObject({
    method: z.enum(DUMP_METHODS),
    /** The native dump (SQLite file or pg_dump SQL) when there is one; rows/ is always present. */
    native_file: z.string().nullable(),
    /** Why pg_dump could not be used, when it was absent or failed. */
    note: z.string().nullable(),
  }),
  migrations: z.array(z.string()),
  counts: z.strictObject(Object.fromEntries(STORE_TABLES.map((t) => [t, z.number().int().min(0)])) as Record<StoreTable, z.ZodNumber>),
  /** SHA-256 of every file in the archive but the manifest, by archive path. */
  files: z.record(z.string(), hex64),
});

/** What manifest.json says about an archive. */
export type BackupManifest = z.infer<typeof ManifestSchema> & { readonly source: { readonly dialect: StoreDialect } };

/** Parses manifest.json text; BACKUP_INVALID naming the first problem. */
export function parseManifest(text: string, file: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RiskgateError('BACKUP_INVALID', { file, reason: `${MANIFEST_FILE} is not JSON (${(e as Error).message})` });
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RiskgateError('BACKUP_INVALID', { file, reason: `${MANIFEST_FILE}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` });
  }
  return parsed.data;
}
