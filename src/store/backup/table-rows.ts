import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { STORE_TABLES } from '../store.js';
import type { MaintenanceSnapshot, StoreTable } from '../store.js';

/** Rows per exportRows call and per importRows transaction. */
const BATCH_ROWS = 1000;

/** The JSON-lines file of one table inside the rows folder. */
export function tableRowsFile(dir: string, table: StoreTable): string {
  return join(dir, `${table}.jsonl`);
}

/**
 * Writes every table as JSON lines (one raw row per line, primary-key order) into `dir`,
 * reading through `view` (a snapshot, so all tables agree). Returns the rows written per table.
 */
export async function writeTableRows(view: MaintenanceSnapshot, dir: string): Promise<Record<StoreTable, number>> {
  const counts = {} as Record<StoreTable, number>;
  for (const table of STORE_TABLES) {
    const out = createWriteStream(tableRowsFile(dir, table));
    let after: string | null = null;
    let n = 0;
    do {
      const page: Awaited<ReturnType<MaintenanceSnapshot['exportRows']>> = await view.exportRows(table, after, BATCH_ROWS);
      for (const row of page.rows) {
        if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
      }
      n += page.rows.length;
      after = page.next;
    } while (after !== null);
    out.end();
    await once(out, 'finish');
    counts[table] = n;
  }
  return counts;
}

/** Reads one table's rows back in batches; lines that are not JSON objects throw with their line number. */
export async function* readTableRows(file: string, batch = BATCH_ROWS): AsyncGenerator<Record<string, unknown>[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let rows: Record<string, unknown>[] = [];
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text === '') continue;
    const row: unknown = JSON.parse(text);
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new Error(`${file}:${line} is not a JSON object`);
    rows.push(row as Record<string, unknown>);
    if (rows.length >= batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

/**
 * Hands every table's rows from `dir` to `insert` in dependency order, letting `transform`
 * adjust rows (e.g. artifact paths). With MaintenanceRepository.replaceAll as the caller, the
 * whole import is one transaction.
 */
export async function importTableRows(
  insert: (table: StoreTable, rows: readonly Record<string, unknown>[]) => Promise<void>, dir: string,
  transform: (table: StoreTable, row: Record<string, unknown>) => Record<string, unknown> = (_t, r) => r,
): Promise<void> {
  for (const table of STORE_TABLES) {
    for await (const rows of readTableRows(tableRowsFile(dir, table))) {
      await insert(table, rows.map((r) => transform(table, r)));
    }
  }
}
