/** The PostgreSQL of the tests: DATABASE_URL_TEST (CI sets it to this machine's server). */
export const PG_URL = process.env.DATABASE_URL_TEST;

/** In CI a missing service fails the suite instead of skipping it. */
export const IN_CI = process.env.CI === 'true';

/**
 * Null when PostgreSQL answers at `url`, else why not: suites skip with this reason locally
 * and fail with it in CI.
 */
export async function probePostgres(url: string | undefined = PG_URL): Promise<string | null> {
  if (!url) return 'DATABASE_URL_TEST is not set';
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return `PostgreSQL at DATABASE_URL_TEST does not answer: ${(e as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops test schemas (and everything in them) from the database at `url`. */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`drop schema if exists ${s} cascade`);
  } finally {
    await client.end();
  }
}
