import { RiskgateError } from '../errors.js';
import type { PredictionRecord, PredictionRepository } from '../store/index.js';
import { PredictionJournal } from './prediction-journal.js';

/** Settings of a {@link PredictionRecorder} (config.recorder). */
export interface PredictionRecorderOptions {
  readonly repository: PredictionRepository;
  readonly journalPath: string;
  /** Rows per insert transaction. */
  readonly batchSize: number;
  /** Background flush period. */
  readonly flushIntervalMs: number;
  /** Told about background flush failures (they are retried on the next tick). */
  readonly onFlushError?: (error: unknown) => void;
}

/** A sealed journal segment and the records it holds, waiting for their commit. */
interface SealedBatch {
  readonly segment: string;
  readonly records: PredictionRecord[];
}

/** Counters of a recorder, for /health/detailed. */
export interface RecorderStats {
  readonly pending: number;
  readonly committed: number;
  readonly replayed: number;
  readonly flushFailures: number;
  readonly lastError: string | null;
}

/**
 * Takes prediction writes off the request path without losing acknowledged ones.
 *
 * `record` appends the record to a local journal synchronously (so it survives kill -9 once
 * the call returns, and the caller replies only after it) and queues it; a background timer
 * seals the journal segment and inserts the queued records in batches; once the store has
 * committed a segment's records the segment file is deleted. `start` replays whatever a
 * previous process left in the journal — inserts are idempotent by prediction id, so a
 * segment committed just before a crash is harmless to replay.
 */
export class PredictionRecorder {
  readonly #options: PredictionRecorderOptions;
  readonly #journal: PredictionJournal;
  #pending: PredictionRecord[] = [];
  readonly #sealed: SealedBatch[] = [];
  /** Records not yet committed, by id: GET /predictions/:id must find them too. */
  readonly #uncommitted = new Map<string, PredictionRecord>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;
  #closed = false;
  #committed = 0;
  #replayed = 0;
  #flushFailures = 0;
  #lastError: string | null = null;

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
    const records = PredictionJournal.readRecords<PredictionRecord>(files);
    try {
      for (let i = 0; i < records.length; i += this.#options.batchSize) {
        await this.#options.repository.insertMany(records.slice(i, i + this.#options.batchSize));
      }
    } catch (e) {
      throw new RiskgateError('STORE_UNAVAILABLE', { reason: `replaying ${records.length} journaled predictions failed: ${(e as Error).message}` }, { cause: e });
    }
    for (const file of files) this.#journal.discard(file);
    this.#replayed = records.length;
    this.#journal.open();
    this.#timer = setInterval(() => void this.flush(), this.#options.flushIntervalMs);
    this.#timer.unref();
    return { replayed: records.length };
  }

  /**
   * Makes the record durable (journal, synchronous) and queues it for the store. When this
   * returns the prediction may be acknowledged. Throws only if the journal cannot be written
   * (disk full), in which case the prediction must not be acknowledged.
   */
  record(record: PredictionRecord): void {
    if (this.#closed) throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'the server is shutting down' });
    this.#journal.append(record);
    this.#pending.push(record);
    this.#uncommitted.set(record.id, record);
    if (this.#pending.length >= this.#options.batchSize && this.#flushing === null) setImmediate(() => void this.flush());
  }

  /** A recorded prediction not yet committed to the store, or undefined. */
  findUncommitted(id: string): PredictionRecord | undefined {
    return this.#uncommitted.get(id);
  }

  /** Counters for health pages. */
  stats(): RecorderStats {
    return { pending: this.#uncommitted.size, committed: this.#committed, replayed: this.#replayed, flushFailures: this.#flushFailures, lastError: this.#lastError };
  }

  /**
   * Seals the queued records and commits every sealed batch, oldest first. Serialized: a call
   * while a flush runs waits for it and then flushes again. Never throws; failures are counted
   * and retried on the next flush.
   */
  async flush(): Promise<void> {
    while (this.#flushing) await this.#flushing;
    this.#flushing = this.#flushOnce().finally(() => {
      this.#flushing = null;
    });
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.length > 0) {
      // Sealing and swapping the queue happen in one synchronous step, so the segment holds
      // exactly these records and later appends go to the new live file.
      const segment = this.#journal.seal();
      this.#sealed.push({ segment, records: this.#pending });
      this.#pending = [];
    }
    while (this.#sealed.length > 0) {
      const batch = this.#sealed[0];
      try {
        for (let i = 0; i < batch.records.length; i += this.#options.batchSize) {
          await this.#options.repository.insertMany(batch.records.slice(i, i + this.#options.batchSize));
        }
      } catch (e) {
        this.#flushFailures++;
        this.#lastError = (e as Error).message;
        this.#options.onFlushError?.(e);
        return;
      }
      this.#journal.discard(batch.segment);
      this.#sealed.shift();
      for (const r of batch.records) this.#uncommitted.delete(r.id);
      this.#committed += batch.records.length;
    }
  }

  /** Stops the timer, flushes everything queued, closes the journal. Idempotent. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (!this.#closed) {
      this.#closed = true;
      await this.flush();
    }
    this.#journal.close();
  }
}
