import { validate, summarizeProblems, type Signature } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';

/** Rows read from a CSV file, ready for a model: row-major n × p in signature order, NaN = missing. */
export interface InputRows {
  readonly x: Float64Array;
  readonly n: number;
}

/** Bad rows listed in full in an error message; the rest are counted. */
const MAX_LISTED_ROWS = 20;
/** A plain decimal number as people and pandas write it; anything else stays text and is refused. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Splits one CSV line into cells, honouring double quotes ("" inside quotes is a quote). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells.map((s) => s.trim());
}

/** A cell as the JSON value an API caller would send: null when empty or `?`, a number, or the text itself. */
function cellValue(cell: string): number | string | null {
  if (cell === '' || cell === '?') return null;
  return NUMBER.test(cell) ? Number(cell) : cell;
}

/** Refuses a header with unknown or repeated columns, or without a column the signature requires. */
function checkHeader(header: readonly string[], signature: Signature, source: string): void {
  const known = new Set(signature.features.map((f) => f.name));
  const problems: string[] = [];
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) problems.push(`unknown column(s) ${unknown.join(', ')}; the model's features are ${[...known].join(', ')}`);
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length > 0) problems.push(`repeated column(s) ${[...new Set(repeated)].join(', ')}`);
  const required = signature.permissive ? [] : signature.features.filter((f) => !f.allowMissing && !header.includes(f.name)).map((f) => f.name);
  if (required.length > 0) problems.push(`required column(s) ${required.join(', ')} are absent`);
  if (problems.length > 0) throw new RiskgateError('BAD_REQUEST', { reason: `${source} line 1 (header): ${problems.join('; ')}` });
}

/**
 * Reads the rows of a CSV text (a header of feature names, then one row per line; empty cells
 * and `?` are missing) and validates each against the signature exactly as the API validates
 * a JSON body. All or nothing: any bad row throws VALIDATION_FAILED whose message lists each
 * bad row by its line number in the file with every problem; details.rows holds them too.
 */
export function readInputRows(text: string, signature: Signature, source: string): InputRows {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new RiskgateError('BAD_REQUEST', { reason: `${source} is empty; expected a header of feature names` });
  const header = splitCsvLine(lines[headerAt]);
  checkHeader(header, signature, source);
  const p = signature.features.length;
  const rows: Float64Array[] = [];
  const bad: { line: number; messages: string[]; summary: string }[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const line = i + 1;
    const cells = splitCsvLine(lines[i]);
    if (cells.length !== header.length) {
      bad.push({ line, messages: [`it has ${cells.length} values, the header has ${header.length}`], summary: 'wrong number of values' });
      continue;
    }
    const r = validate(Object.fromEntries(header.map((h, j) => [h, cellValue(cells[j])])), signature);
    if (r.ok) rows.push(r.row);
    else bad.push({ line, messages: r.problems.map((q) => q.message), summary: summarizeProblems(r.problems) });
  }
  if (bad.length > 0) {
    const listed = bad.slice(0, MAX_LISTED_ROWS).map((b) => `  line ${b.line}: ${b.messages.join(' ')}`);
    if (bad.length > MAX_LISTED_ROWS) listed.push(`  … and ${bad.length - MAX_LISTED_ROWS} more bad rows`);
    const summary = `${bad.length} bad row(s) in ${source}`;
    throw new RiskgateError('VALIDATION_FAILED', { summary, rows: bad.map((b) => ({ line: b.line, problems: b.summary })) }, {
      message: `Input failed validation: ${summary}; nothing was scored.\n${listed.join('\n')}`,
    });
  }
  const x = new Float64Array(rows.length * p);
  rows.forEach((row, i) => x.set(row, i * p));
  return { x, n: rows.length };
}
