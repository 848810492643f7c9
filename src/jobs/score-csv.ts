import { closeSync, createReadStream, ftruncateSync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { parse, type Parser } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { validate, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import type { Model } from '../model/index.js';
import { assignRiskBand } from '../serving/index.js';

/** Where an interrupted scoring run resumes: rows consumed and bytes written so far. */
export interface ScoreCursor {
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly outputBytes: number;
  readonly rejectsBytes: number;
}

/** Progress of a run; `totalBytes` is the input's size, `bytesRead` how far the parser got. */
export interface ScoreProgress extends ScoreCursor {
  readonly bytesRead: number;
  readonly totalBytes: number;
}

/** Options of {@link scoreCsv}. */
export interface ScoreCsvOptions {
  readonly model: Model;
  /** Decision threshold, for the `band` column; omitted when undefined. */
  readonly threshold?: number;
  readonly inputPath: string;
  readonly outputPath: string;
  /** Rows that fail validation go here with their line number and reasons. */
  readonly rejectsPath: string;
  readonly explain: boolean;
  /** Rows scored per batch (and per checkpoint). */
  readonly chunkRows?: number;
  /** Continue an interrupted run from this cursor (output files are cut back to it). */
  readonly resume?: ScoreCursor | null;
  readonly onProgress?: (p: ScoreProgress) => void;
  /** Called after each chunk is written; persist the cursor here to make the run resumable. */
  readonly onCheckpoint?: (cursor: ScoreCursor) => Promise<void> | void;
  readonly signal?: AbortSignal;
}

/** Default rows per batch: large enough to amortise the model call, small enough to checkpoint often. */
export const DEFAULT_CHUNK_ROWS = 2000;

const EMPTY_CURSOR: ScoreCursor = { rowsRead: 0, accepted: 0, rejected: 0, outputBytes: 0, rejectsBytes: 0 };

/** A copied-through cell as CSV: as it is, or quoted by the CSV writer when it must be. */
function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? stringify([[cell]]).slice(0, -1) : cell;
}

/** Parses a cell for validation: empty is null (not measured), a number stays a number, else the text (refused by validate). */
function cellValue(cell: string): number | string | null {
  const t = cell.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isNaN(v) ? t : v;
}

/** Opens an output file for a run: new (truncated) or cut back to the resume point. */
function openOutput(path: string, keepBytes: number): number {
  const fd = openSync(path, keepBytes > 0 ? 'r+' : 'w');
  if (keepBytes > 0) {
    if (fstatSync(fd).size < keepBytes) {
      closeSync(fd);
      throw new RiskgateError('JOB_FAILED', { id: path, reason: `cannot resume: ${path} is shorter than its checkpoint` });
    }
    ftruncateSync(fd, keepBytes);
  }
  return fd;
}

/** Writes a string at the end of an output file; returns the bytes written. */
function append(fd: number, text: string, position: number): number {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, position + off);
  return buf.length;
}

/** A parsed record: its cells. */
type ParsedRecord = string[];

/**
 * Reads a parser in batches with `read()` (several times faster than async iteration record
 * by record), waiting for more data only when the buffer is empty.
 */
async function* readBatches(parser: Parser, size: number): AsyncGenerator<ParsedRecord[]> {
  let failure: Error | null = null;
  parser.on('error', (e) => (failure = e));
  for (;;) {
    const batch: ParsedRecord[] = [];
    let rec: ParsedRecord | null;
    while (batch.length < size && (rec = parser.read() as ParsedRecord | null) !== null) batch.push(rec);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure) throw failure;
    if (parser.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        parser.off('readable', done).off('end', done).off('error', done);
        resolve();
      };
      parser.once('readable', done).once('end', done).once('error', done);
    });
    if (failure) throw failure;
    if (parser.readableEnded) return;
  }
}

/**
 * Scores a CSV file of any size as a stream. The header names the columns: every feature of
 * the model's signature must be present; other columns (an id, say) are copied to the output
 * in front. Empty cells are missing values. Valid rows are written to `outputPath` with
 * probability, raw score, band and, with `explain`, base value and one contribution per
 * feature; invalid rows go to `rejectsPath` with their line number and every problem.
 * Never loads the whole file. Resumable through `resume`/`onCheckpoint`.
 */
export async function scoreCsv(options: ScoreCsvOptions): Promise<ScoreCursor> {
  const { model, explain } = options;
  const signature: Signature = model.signature;
  const names = signature.features.map((f) => f.name);
  const p = names.length;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  let totalBytes: number;
  try {
    totalBytes = statSync(options.inputPath).size;
  } catch (e) {
    throw new RiskgateError('DATA_LOAD_FAILED', { source: options.inputPath, reason: (e as Error).message }, { cause: e });
  }
  let cursor: ScoreCursor = options.resume ?? EMPTY_CURSOR;
  const out = openOutput(options.outputPath, cursor.outputBytes);
  const rej = openOutput(options.rejectsPath, cursor.rejectsBytes);
  const parser = createReadStream(options.inputPath).pipe(parse({ relax_column_count: true, bom: true }));
  let header: string[] | null = null;
  let featureCols: number[] = [];
  let passCols: number[] = [];
  let skip = cursor.rowsRead;
  let lineNo = 0;
  // The batch being filled: raw records with their 1-based line numbers.
  let batch: { line: number; record: string[] }[] = [];

  const flush = async () => {
    if (batch.length === 0 || header === null) return;
    const x = new Float64Array(batch.length * p);
    const good: { line: number; record: string[] }[] = [];
    let rejText = '';
    for (const item of batch) {
      const input: Record<string, unknown> = {};
      for (let j = 0; j < p; j++) input[names[j]] = cellValue(item.record[featureCols[j]] ?? '');
      const v = validate(input, signature);
      if (v.ok) {
        x.set(v.row, good.length * p);
        good.push(item);
      } else {
        const reasons = v.problems.map((pr) => `${pr.field || 'row'}: ${pr.message}`).join('; ');
        rejText += stringify([[item.line, ...passCols.map((c) => item.record[c] ?? ''), reasons]]);
      }
    }
    let outText = '';
    if (good.length > 0) {
      const xs = good.length === batch.length ? x : x.subarray(0, good.length * p);
      const preds = model.predict(xs, good.length);
      const expl = explain ? model.explain(xs, good.length) : null;
      // Numbers need no quoting: only the copied-through cells go through the CSV writer.
      const parts: string[] = [];
      for (let i = 0; i < good.length; i++) {
        let line = '';
        for (const c of passCols) line += `${csvCell(good[i].record[c] ?? '')},`;
        line += `${preds[i].probability},${preds[i].raw}`;
        if (options.threshold !== undefined) line += `,${assignRiskBand(preds[i].probability, options.threshold)}`;
        if (expl) line += `,${expl[i].baseValue},${expl[i].contributions.join(',')}`;
        parts.push(line);
      }
      outText = parts.join('\n') + '\n';
    }
    const outBytes = append(out, outText, cursor.outputBytes);
    const rejBytes = append(rej, rejText, cursor.rejectsBytes);
    cursor = {
      rowsRead: cursor.rowsRead + batch.length,
      accepted: cursor.accepted + good.length,
      rejected: cursor.rejected + batch.length - good.length,
      outputBytes: cursor.outputBytes + outBytes,
      rejectsBytes: cursor.rejectsBytes + rejBytes,
    };
    batch = [];
    await options.onCheckpoint?.(cursor);
    options.onProgress?.({ ...cursor, bytesRead: parser.info.bytes, totalBytes });
  };

  try {
    for await (const records of readBatches(parser, chunkRows)) {
      for (const record of records) {
        // Line numbers are counted, not asked of the parser (its per-record info costs ~10 %);
        // blank lines are counted and skipped. Quoted cells spanning lines would shift them.
        lineNo++;
        if (record.length === 1 && record[0].trim() === '') continue;
        if (options.signal?.aborted) throw new RiskgateError('JOB_FAILED', { id: options.inputPath, reason: 'cancelled' });
        if (header === null) {
          header = record.map((h) => h.trim());
          const missing = names.filter((n) => !header!.includes(n));
          if (missing.length) throw new RiskgateError('BAD_REQUEST', { reason: `${options.inputPath}: the header lacks the feature column(s) ${missing.join(', ')}` });
          featureCols = names.map((n) => header!.indexOf(n));
          passCols = header.map((_, i) => i).filter((i) => !featureCols.includes(i));
          if (cursor.outputBytes === 0) {
            const cols = [...passCols.map((c) => header![c]), 'probability', 'raw'];
            if (options.threshold !== undefined) cols.push('band');
            if (explain) cols.push('base_value', ...names.map((n) => `${n}_contribution`));
            cursor = { ...cursor, outputBytes: append(out, stringify([cols]), 0) };
          }
          if (cursor.rejectsBytes === 0) cursor = { ...cursor, rejectsBytes: append(rej, stringify([['line', ...passCols.map((c) => header![c]), 'reasons']]), 0) };
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        batch.push({ line: lineNo, record });
        if (batch.length >= chunkRows) await flush();
      }
    }
    if (header === null) throw new RiskgateError('BAD_REQUEST', { reason: `${options.inputPath} is empty: a header row of feature names is needed` });
    await flush();
  } catch (e) {
    parser.destroy();
    if (e instanceof RiskgateError) throw e;
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      throw new RiskgateError('DATA_LOAD_FAILED', { source: options.inputPath, reason: (e as Error).message }, { cause: e });
    }
    throw e;
  } finally {
    closeSync(out);
    closeSync(rej);
  }
  return cursor;
}
