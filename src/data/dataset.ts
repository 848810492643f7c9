import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RiskgateError } from '../errors.js';
import { HEART_SIGNATURE } from './heart-signature.js';
import { featureNames, type Signature } from './signature.js';

/**
 * A labelled table in the layout every model and trainer uses: a row-major n × p Float64Array
 * with NaN for missing values, columns in signature order, and a 0/1 target.
 */
export interface Dataset {
  /** The source it was read from, e.g. "uci:cleveland,uci:hungarian" or a file path. */
  readonly id: string;
  /** SHA-256 of the raw bytes read, in source order. */
  readonly sha256: string;
  readonly features: readonly string[];
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Uint8Array;
  /** The site (or file) each row came from. */
  readonly groups: readonly string[];
}

/** The four UCI sites, by the name used in `uci:NAME` sources. */
export const UCI_SITES = ['cleveland', 'hungarian', 'switzerland', 'va'] as const;
export type UciSite = (typeof UCI_SITES)[number];

/** Folder of the bundled UCI files. */
export const UCI_DATA_DIR = fileURLToPath(new URL('../../datasets/uci-heart-disease/', import.meta.url));

/** Column order of the UCI "processed" files (13 features, then num). */
const UCI_COLUMNS = [...featureNames(HEART_SIGNATURE), 'num'];

/**
 * Physiological measurements that the data files record as 0 when they were not measured
 * (the Swiss file's cholesterol, one VA blood pressure). A real value of 0 is impossible.
 */
const ZERO_MEANS_MISSING = new Set(['chol', 'trestbps']);

/** Parses one cell: `?` and empty are missing (NaN), never zero. Throws on non-numbers. */
function parseCell(cell: string, where: () => string): number {
  const t = cell.trim();
  if (t === '' || t === '?') return Number.NaN;
  const v = Number(t);
  if (!Number.isFinite(v)) throw new RiskgateError('DATA_LOAD_FAILED', { source: where(), reason: `"${t}" is not a number` });
  return v;
}

/** Reads raw text as a table of rows (header handled by the caller). */
function splitLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

interface Part { id: string; bytes: Buffer; rows: number[][]; header: string[]; group: string }

function readUciSite(site: string): Part {
  if (!(UCI_SITES as readonly string[]).includes(site)) {
    throw new RiskgateError('DATA_LOAD_FAILED', { source: `uci:${site}`, reason: `unknown site; use one of ${UCI_SITES.join(', ')}` });
  }
  const bytes = readFileSync(`${UCI_DATA_DIR}processed.${site}.data`);
  const rows = splitLines(bytes.toString('utf8')).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== UCI_COLUMNS.length) {
      throw new RiskgateError('DATA_LOAD_FAILED', { source: `uci:${site}`, reason: `line ${i + 1} has ${cells.length} values, expected ${UCI_COLUMNS.length}` });
    }
    return cells.map((c) => parseCell(c, () => `uci:${site} line ${i + 1}`));
  });
  return { id: `uci:${site}`, bytes, rows, header: UCI_COLUMNS, group: site };
}

function readCsv(path: string): Part {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RiskgateError('DATA_LOAD_FAILED', { source: path, reason: (e as Error).message }, { cause: e });
  }
  const lines = splitLines(bytes.toString('utf8'));
  if (lines.length === 0) throw new RiskgateError('DATA_LOAD_FAILED', { source: path, reason: 'the file is empty' });
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new RiskgateError('DATA_LOAD_FAILED', { source: path, reason: `line ${i + 2} has ${cells.length} values, header has ${header.length}` });
    }
    return cells.map((c) => parseCell(c, () => `${path} line ${i + 2}`));
  });
  return { id: path, bytes, rows, header, group: path };
}

/** Options for {@link loadDataset}. */
export interface LoadOptions {
  /** Signature whose features become the columns; defaults to the heart signature. */
  readonly signature?: Signature;
  /** Name of the target column; `num` (binarised as num > 0) by default, else `target`. */
  readonly target?: string;
}

/**
 * Loads a data set from `uci:SITE` (several joined with commas, e.g.
 * `uci:cleveland,uci:hungarian`) or from CSV files with a header. The target is binarised as
 * value > 0. Throws DATA_LOAD_FAILED naming the source and line on malformed input.
 */
export function loadDataset(source: string, options: LoadOptions = {}): Dataset {
  const signature = options.signature ?? HEART_SIGNATURE;
  const names = featureNames(signature);
  const parts = source.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (s.startsWith('uci:') ? readUciSite(s.slice(4)) : readCsv(s)));
  if (parts.length === 0) throw new RiskgateError('DATA_LOAD_FAILED', { source, reason: 'no source given' });
  const n = parts.reduce((a, p) => a + p.rows.length, 0);
  const p = names.length;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  const groups: string[] = [];
  const hash = createHash('sha256');
  let r = 0;
  for (const part of parts) {
    hash.update(part.bytes);
    const targetName = options.target ?? (part.header.includes('num') ? 'num' : 'target');
    const targetCol = part.header.indexOf(targetName);
    if (targetCol < 0) throw new RiskgateError('DATA_LOAD_FAILED', { source: part.id, reason: `no target column "${targetName}"` });
    const cols = names.map((name) => {
      const c = part.header.indexOf(name);
      if (c < 0) throw new RiskgateError('DATA_LOAD_FAILED', { source: part.id, reason: `missing feature column "${name}"` });
      return c;
    });
    for (const [i, row] of part.rows.entries()) {
      for (let j = 0; j < p; j++) {
        const v = row[cols[j]];
        x[r * p + j] = v === 0 && ZERO_MEANS_MISSING.has(names[j]) ? Number.NaN : v;
      }
      const t = row[targetCol];
      if (Number.isNaN(t)) throw new RiskgateError('DATA_LOAD_FAILED', { source: part.id, reason: `row ${i + 1} has no target value` });
      y[r] = t > 0 ? 1 : 0;
      groups.push(part.group);
      r++;
    }
  }
  return { id: parts.map((q) => q.id).join(','), sha256: hash.digest('hex'), features: names, n, x, y, groups };
}

/** A new data set holding the given rows of `d` (in that order). */
export function subsetDataset(d: Dataset, rows: ArrayLike<number>, id = `${d.id}[subset]`): Dataset {
  const p = d.features.length;
  const x = new Float64Array(rows.length * p);
  const y = new Uint8Array(rows.length);
  const groups: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    x.set(d.x.subarray(rows[i] * p, rows[i] * p + p), i * p);
    y[i] = d.y[rows[i]];
    groups.push(d.groups[rows[i]]);
  }
  return { id, sha256: d.sha256, features: d.features, n: rows.length, x, y, groups };
}
