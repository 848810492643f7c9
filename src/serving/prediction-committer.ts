import type { PredictionRecord, PredictionRepository } from '../store/index.js';
import { PredictionJournal } from './prediction-journal.js';

/** A batch of journaled predictions on its way to the store, as the journal holds them. */
export interface CommitBatch {
  /** Ids of the records, in order. */
  readonly ids: readonly string[];
  /** The records: one JSON line each, newline-terminated. */
  readonly lines: string;
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

/** Commits through a repository on this thread (parsing the lines here), in chunks of `batchSize` rows per transaction. */
export class InlineCommitter implements PredictionCommitter {
  readonly #repository: PredictionRepository;
  readonly #batchSize: number;

  constructor(repository: PredictionRepository, batchSize: number) {
    this.#repository = repository;
    this.#batchSize = batchSize;
  }

  async commit(batch: CommitBatch): Promise<void> {
    const records = PredictionJournal.parseLines<PredictionRecord>(batch.lines);
    for (let i = 0; i < records.length; i += this.#batchSize) {
      await this.#repository.insertMany(records.slice(i, i + this.#batchSize));
    }
  }

  async close(): Promise<void> {}
}
