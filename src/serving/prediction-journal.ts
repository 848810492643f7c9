import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Suffix of journal segments sealed for a flush (the live file has none). */
const SEALED_SUFFIX = '.sealed-';

/**
 * An append-only file of JSON lines that makes an acknowledged write survive the death of the
 * process: `appendLines` returns only after the text is in the operating system's page cache
 * (fs.writeSync, no fsync — a kill -9 loses nothing; a power cut may lose the last moments).
 *
 * Flushing works by segments: `seal()` renames the live file to a numbered sealed segment and
 * opens a fresh one, atomically with respect to `append` (all of it is synchronous on the
 * one JavaScript thread), so a sealed segment holds exactly the records pending at that
 * moment. Once those are committed elsewhere, `discard(segment)` deletes it. On start,
 * `readAll()` returns every record left in any segment for replay.
 */
export class PredictionJournal {
  readonly #path: string;
  #fd: number | null = null;
  #sealCount = 0;

  constructor(path: string) {
    this.#path = path;
  }

  /** Path of the live file. */
  get path(): string {
    return this.#path;
  }

  /** Opens (creating folder and file) for appending. Idempotent. */
  open(): void {
    if (this.#fd !== null) return;
    mkdirSync(dirname(this.#path), { recursive: true });
    this.#fd = openSync(this.#path, 'a');
  }

  /** Appends ready-made newline-terminated JSON lines in one write (a group commit). */
  appendLines(lines: string): void {
    if (this.#fd === null) this.open();
    writeSync(this.#fd as number, lines);
  }

  /** Seals the live file into a segment and starts a new live file; returns the segment path. */
  seal(): string {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    const segment = `${this.#path}${SEALED_SUFFIX}${Date.now()}-${process.pid}-${this.#sealCount++}`;
    if (existsSync(this.#path)) renameSync(this.#path, segment);
    this.open();
    return segment;
  }

  /** Deletes a segment whose records are committed. Idempotent. */
  discard(segment: string): void {
    try {
      unlinkSync(segment);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  /** Sealed segments and the live file, oldest first. */
  segments(): string[] {
    const dir = dirname(this.#path);
    if (!existsSync(dir)) return [];
    const prefix = `${basename(this.#path)}${SEALED_SUFFIX}`;
    const sealed = readdirSync(dir).filter((f) => f.startsWith(prefix)).sort().map((f) => join(dir, f));
    return existsSync(this.#path) ? [...sealed, this.#path] : sealed;
  }

  /**
   * Every record in a set of segment files. A torn last line (the process died mid-write,
   * before it could acknowledge) is skipped: its request never got a 200.
   */
  static readRecords<T>(files: readonly string[]): T[] {
    return files.flatMap((file) => PredictionJournal.parseLines<T>(readFileSync(file, 'utf8')));
  }

  /** How the line of record `id` begins: records are written with their id first. */
  static lineStart(id: string): string {
    return `{"id":${JSON.stringify(id)},`;
  }

  /**
   * The record `id` from a set of segment files, newest first, or undefined; a file deleted
   * meanwhile is skipped. Looks for the line by its start, and parses every line only if no
   * line starts that way (a record written with another key order).
   */
  static findRecord<T extends { readonly id: string }>(files: readonly string[], id: string): T | undefined {
    const start = PredictionJournal.lineStart(id);
    for (const file of [...files].reverse()) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      const from = text.startsWith(start) ? 0 : text.indexOf(`\n${start}`) + 1;
      if (from > 0 || text.startsWith(start)) {
        const found = PredictionJournal.parseLines<T>(text.slice(from, text.indexOf('\n', from) + 1 || undefined))[0];
        if (found?.id === id) return found;
      }
      const parsed = PredictionJournal.parseLines<T>(text).find((r) => r.id === id);
      if (parsed) return parsed;
    }
    return undefined;
  }

  /** The records of a run of journal lines; a torn line is skipped (see {@link readRecords}). */
  static parseLines<T>(text: string): T[] {
    const out: T[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // Only the unacknowledged tail can be torn; skip it.
      }
    }
    return out;
  }

  /** Closes the live file. Idempotent. */
  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
  }
}
