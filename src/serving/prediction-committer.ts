import type { PredictionRecord, PredictionRepository } from '../store/index.js';
import { PredictionJournal } from './prediction-journal.js';

/**
 * A batch of journaled predictions on its way to the store: a sealed journal segment, read by
 * whoever commits it. The serving thread never holds the records' text after writing it, so
 * an uncommitted backlog (a database down for an hour) costs it an id a record, not a line.
 */
export interface CommitBatch {
  /** Ids of the records, in order. */
  readonly ids: readonly string[];
  /** The journal file holding them, one JSON line each; it stays until the commit succeeds. */
  readonly segment: string;
}

/**
 * Where the recorder commits journaled predictions: in this thread through a repository
 * ({@link InlineCommitter}) or in a thread of its own ({@link ThreadCommitter}). Inserts are
 * idempotent by prediction id, so a batch may be committed twice (replay after a crash).
 */
export interface PredictionCommitter {
  /** Resolves once every record of the batch is committed; rejects (nothing acknowledged lost: the journal keeps them) otherwise. */
  commit(batch: CommitBatch): Promise<void>;
  /** Releases what the committer holds. Idempotent. */
  close(): Promise<void>;
}

/** Commits through a repository on this thread (reading and parsing the segment here), in chunks of `batchSize` rows per transaction. */
export class InlineCommitter implements PredictionCommitter {
  readonly #repository: PredictionRepository;
  readonly #batchSize: number;

  constructor(repository: PredictionRepository, batchSize: number) {
    this.#repository = repository;
    this.#batchSize = batchSize;
  }

  async commit(batch: CommitBatch): Promise<void> {
    const records = PredictionJournal.readRecords<PredictionRecord>([batch.segment]);
    for (let i = 0; i < records.length; i += this.#batchSize) {
      await this.#repository.insertMany(records.slice(i, i + this.#batchSize));
    }
  }

  async close(): Promise<void> {}
}
