import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where pg_dump is looked for: the PATH, as the operator's shell would. */
const PG_DUMP = 'pg_dump';
/** A dump of a large database takes a while; a stuck one must not hang a backup forever. */
const PG_DUMP_TIMEOUT_MS = 30 * 60_000;

/** Which PostgreSQL database (and schema) to dump. */
export interface PgDumpTarget {
  /** The connection URL, password included (it goes to pg_dump through PGPASSWORD, not its arguments). */
  readonly url: string;
  /** Only this schema (tests isolate themselves in one); else the whole database. */
  readonly schema?: string;
}

/** The outcome of one pg_dump run: done, or why not (absent from PATH, failed). Never throws. */
export type PgDumpOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Runs `pg_dump` (plain SQL, no owners or privileges, so it loads into any database with
 * `psql -f`) into `file`. pg_dump takes its own consistent snapshot.
 */
export async function runPgDump(target: PgDumpTarget, file: string): Promise<PgDumpOutcome> {
  const url = new URL(target.url);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const args = ['--format=plain', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url.toString()}`];
  if (target.schema !== undefined) args.push(`--schema=${target.schema}`);
  try {
    // The child inherits the environment untouched (no setting is read from it here), plus the password.
    const env = password === '' ? undefined : { ...process.env, PGPASSWORD: password };
    await promisify(execFile)(PG_DUMP, args, { timeout: PG_DUMP_TIMEOUT_MS, env });
    return { ok: true };
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') return { ok: false, reason: 'pg_dump is not on PATH; the logical export is the only dump' };
    return { ok: false, reason: `pg_dump failed: ${(err.stderr ?? err.message).trim().split('\n')[0]}` };
  }
}
