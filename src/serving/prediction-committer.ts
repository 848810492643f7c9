import type { PredictionRecord, PredictionRepository } from '../store/index.js';

/** A batch of journaled predictions on its way to the store: the records and their journal lines. */
export interface CommitBatch {
  readonly records: readonly PredictionRecord[];
  /** The same records as the journal holds them: one JSON line each, newline-terminated. */
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

/** Commits through a repository on this thread, in chunks of `batchSize` rows per transaction. */
export class InlineCommitter implements PredictionCommitter {
  readonly #repository: PredictionRepository;
  readonly #batchSize: number;

  constructor(repository: PredictionRepository, batchSize: number) {
    this.#repository = repository;
    this.#batchSize = batchSize;
  }

  async commit(batch: CommitBatch): Promise<void> {
    for (let i = 0; i < batch.records.length; i += this.#batchSize) {
      await this.#repository.insertMany(batch.records.slice(i, i + this.#batchSize));
    }
  }

  async close(): Promise<void> {}
}
