import { RiskgateError } from '../errors.js';
import type { PredictionRecord } from '../store/index.js';
import type { PredictionCommitter } from './prediction-committer.js';
import { PredictionJournal } from './prediction-journal.js';

/** Settings of a {@link PredictionRecorder} (config.recorder). */
export interface PredictionRecorderOptions {
  /** Where journaled predictions are committed (this thread or a recording thread). */
  readonly committer: PredictionCommitter;
  readonly journalPath: string;
  /** Records per commit while replaying, and the queue length that triggers an early flush. */
  readonly batchSize: number;
  /** Background flush period. */
  readonly flushIntervalMs: number;
  /** Told about background flush failures (they are retried on the next tick). */
  readonly onFlushError?: (error: unknown) => void;
}

/** A sealed journal segment and the ids of the records it holds, waiting for their commit. */
interface SealedBatch {
  readonly segment: string;
  readonly ids: string[];
}

/** Records waiting for the next group write to the journal, and the promise their callers await. */
interface Group {
  readonly ids: string[];
  readonly lines: string[];
  readonly written: Promise<void>;
  settle(error?: Error): void;
}

/** Counters of a recorder, for /health/detailed. */
export interface RecorderStats {
  readonly pending: number;
  readonly committed: number;
  readonly replayed: number;
  readonly flushFailures: number;
  readonly lastError: string | null;
  /** Journal writes so far, and the records they carried (records / writes = the mean group size). */
  readonly journalWrites: number;
  readonly journaledRecords: number;
}

/**
 * Takes prediction writes off the request path without losing acknowledged ones.
 *
 * `record` queues the record into the current group and returns a promise; once per turn of
 * the event loop the whole group is appended to a local journal in one write (a group commit:
 * one system call for every request that turn answered), and only then do the promises
 * resolve, so a caller that replies after awaiting it has the prediction on disk — it survives
 * kill -9. A background timer seals the journal segment and hands its records to the
 * committer (in this thread, or in a recording thread for SQLite); once they are committed
 * the segment file is deleted. `start` replays whatever a previous process left in the
 * journal — inserts are idempotent by prediction id, so a segment committed just before a
 * crash is harmless to replay.
 */
export class PredictionRecorder {
  readonly #options: PredictionRecorderOptions;
  readonly #journal: PredictionJournal;
  #group: Group | null = null;
  /** Ids of the journaled records not yet sealed. */
  #pendingIds: string[] = [];
  readonly #sealed: SealedBatch[] = [];
  /**
   * Ids of the records not yet committed: GET /predictions/:id must find them too, and reads
   * them back from the journal. Only ids are kept: a record's text lives a flush interval or
   * more, and held here it was what the garbage collector moved to the old generation most
   * (a major collection every ~2 s at 5,700 predictions a second), and what grew without
   * bound while the database was unreachable.
   */
  readonly #uncommitted = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  /** The flush queued behind the running one, shared by every caller that asks meanwhile. */
  #nextFlush: Promise<void> | null = null;
  #closed = false;
  #committed = 0;
  #replayed = 0;
  #flushFailures = 0;
  #lastError: string | null = null;
  #journalWrites = 0;
  #journaledRecords = 0;

  constructor(options: PredictionRecorderOptions) {
    this.#options = options;
    this.#journal = new PredictionJournal(options.journalPath);
  }

  /**
   * Replays the journal left by a previous process into the store, then opens a fresh journal
   * and starts the flush timer. Throws STORE_UNAVAILABLE if the replay cannot be committed
   * (the journal is kept for the next start).
   */
  async start(): Promise<{ replayed: number }> {
    const files = this.#journal.segments();
    let replayed = 0;
    for (const file of files) {
      const ids = PredictionJournal.readRecords<PredictionRecord>([file]).map((r) => r.id);
      try {
        await this.#options.committer.commit({ ids, segment: file });
      } catch (e) {
        throw new RiskgateError('STORE_UNAVAILABLE', { reason: `replaying ${ids.length} journaled predictions of ${file} failed: ${(e as Error).message}` }, { cause: e });
      }
      this.#journal.discard(file);
      replayed += ids.length;
    }
    this.#replayed = replayed;
    this.#journal.open();
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
    return { replayed };
  }

  /**
   * Queues the record for this turn's journal write and resolves once it is written: then,
   * and only then, may the prediction be acknowledged. Rejects with STORE_UNAVAILABLE if the
   * journal cannot be written (disk full); throws SERVICE_UNAVAILABLE after close.
   */
  record(record: PredictionRecord): Promise<void> {
    if (this.#closed) throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'the server is shutting down' });
    const group = this.#group ?? this.#openGroup();
    group.ids.push(record.id);
    group.lines.push(`${JSON.stringify(record)}\n`);
    this.#uncommitted.add(record.id);
    return group.written;
  }

  /** Whether a prediction is recorded but not yet committed to the store. */
  isUncommitted(id: string): boolean {
    return this.#uncommitted.has(id);
  }

  /** A recorded prediction not yet committed to the store (read back from the journal), or undefined. */
  findUncommitted(id: string): PredictionRecord | undefined {
    if (!this.#uncommitted.has(id)) return undefined;
    const inGroup = this.#group?.lines.find((l) => l.startsWith(PredictionJournal.lineStart(id)));
    if (inGroup !== undefined) return JSON.parse(inGroup) as PredictionRecord;
    return PredictionJournal.findRecord<PredictionRecord>([...this.#sealed.map((b) => b.segment), this.#journal.path], id);
  }

  /** Counters for health pages. */
  stats(): RecorderStats {
    return {
      pending: this.#uncommitted.size, committed: this.#committed, replayed: this.#replayed, flushFailures: this.#flushFailures,
      lastError: this.#lastError, journalWrites: this.#journalWrites, journaledRecords: this.#journaledRecords,
    };
  }

  /**
   * Writes the open group, seals the journaled records and commits every sealed batch, oldest
   * first; resolves once a flush that began after the call has finished, so everything
   * recorded before it is committed (or its failure counted). Calls made while a flush runs
   * share one flush queued behind it, so a burst of callers (feedback waiting for its
   * prediction) costs two flushes, not one each. Never throws; failures are counted and
   * retried on the next flush.
   */
  flush(): Promise<void> {
    if (this.#nextFlush) return this.#nextFlush;
    if (this.#flushing === null) return this.#startFlush();
    this.#nextFlush = this.#flushing.then(() => {
      this.#nextFlush = null;
      return this.#startFlush();
    });
    return this.#nextFlush;
  }

  #startFlush(): Promise<void> {
    const running = this.#flushOnce().finally(() => {
      if (this.#flushing === running) this.#flushing = null;
    });
    this.#flushing = running;
    return running;
  }

  /** Starts a group and schedules its write after this turn's I/O callbacks (setImmediate). */
  #openGroup(): Group {
    let settle!: (error?: Error) => void;
    const written = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // Callers that do not await (shadow records) must not turn a failed write into an unhandled rejection.
    written.catch(() => undefined);
    const group: Group = { ids: [], lines: [], written, settle };
    this.#group = group;
    setImmediate(() => this.#writeGroup());
    return group;
  }

  /** Appends the open group to the journal in one write and settles its callers. */
  #writeGroup(): void {
    const group = this.#group;
    if (!group) return;
    this.#group = null;
    try {
      this.#journal.appendLines(group.lines.join(''));
    } catch (e) {
      for (const id of group.ids) this.#uncommitted.delete(id);
      group.settle(new RiskgateError('STORE_UNAVAILABLE', { reason: `the prediction journal could not be written: ${(e as Error).message}` }, { cause: e }));
      return;
    }
    this.#journalWrites++;
    this.#journaledRecords += group.ids.length;
    for (const id of group.ids) this.#pendingIds.push(id);
    group.settle();
    if (this.#pendingIds.length >= this.#options.batchSize && this.#flushing === null) setImmediate(() => void this.flush());
  }

  async #flushOnce(): Promise<void> {
    this.#writeGroup();
    if (this.#pendingIds.length > 0) {
      // Sealing and swapping the queue happen in one synchronous step, so the segment holds
      // exactly these records and later group writes go to the new live file.
      const segment = this.#journal.seal();
      this.#sealed.push({ segment, ids: this.#pendingIds });
      this.#pendingIds = [];
    }
    while (this.#sealed.length > 0) {
      const batch = this.#sealed[0];
      try {
        await this.#options.committer.commit(batch);
      } catch (e) {
        this.#flushFailures++;
        this.#lastError = (e as Error).message;
        this.#options.onFlushError?.(e);
        return;
      }
      this.#journal.discard(batch.segment);
      this.#sealed.shift();
      for (const id of batch.ids) this.#uncommitted.delete(id);
      this.#committed += batch.ids.length;
    }
  }

  /** Stops the timer, writes and commits everything queued, closes the committer and the journal. Idempotent. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (!this.#closed) {
      this.#closed = true;
      await this.flush();
      await this.#options.committer.close();
    }
    this.#journal.close();
  }
}
