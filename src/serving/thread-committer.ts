import { Worker } from 'node:worker_threads';
import { RiskgateError } from '../errors.js';
import type { OpenStoreOptions } from '../store/index.js';
import type { CommitBatch, PredictionCommitter } from './prediction-committer.js';

/** What the committer sends its thread. */
export type CommitRequest = { readonly id: number; readonly segment: string } | { readonly close: true };
/** What the thread answers: the request id, with the error message when the commit failed. */
export interface CommitReply {
  readonly id: number;
  readonly error?: string;
}
/** What the thread is started with. */
export interface RecordingThreadData {
  readonly entry: string;
  readonly databaseUrl: string;
  /** How the thread opens the store (PostgreSQL schema, pool size); plain data. */
  readonly storeOptions: OpenStoreOptions;
  readonly batchSize: number;
}

const BOOTSTRAP = new URL('../../bin/worker-thread.js', import.meta.url);
const RECORDING_THREAD = new URL('./recording-thread.ts', import.meta.url).href;

/**
 * Commits predictions in a worker thread with its own store connection (a SQLite file, where
 * WAL lets it write beside the server's connection, or a small PostgreSQL pool). Reading and
 * parsing the sealed journal segment, building the JSON columns and the insert transaction
 * then cost the serving thread nothing (it sends a file name, not the records), and a batch
 * of hundreds of rows never stalls requests. A thread that dies
 * fails the commits in flight (the recorder keeps them journaled and retries) and is started
 * again on the next commit.
 */
export class ThreadCommitter implements PredictionCommitter {
  readonly #data: Omit<RecordingThreadData, 'entry'>;
  #worker: Worker | null = null;
  #nextId = 0;
  readonly #waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  #closed = false;

  constructor(databaseUrl: string, batchSize: number, storeOptions: OpenStoreOptions = {}) {
    // One connection does: the thread commits one batch at a time.
    this.#data = { databaseUrl, batchSize, storeOptions: { ...storeOptions, poolSize: 1 } };
  }

  commit(batch: CommitBatch): Promise<void> {
    if (this.#closed) return Promise.reject(new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'the prediction committer is closed' }));
    if (batch.ids.length === 0) return Promise.resolve();
    const worker = this.#started();
    const id = ++this.#nextId;
    // Held (ref) while a commit is in flight: a starting server replaying its journal has nothing else keeping it alive.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      worker.postMessage({ id, segment: batch.segment } satisfies CommitRequest);
    });
  }

  /** Asks the thread to close its store and waits for it to exit. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held (ref) until it has exited: otherwise an otherwise idle process could end mid-close.
    worker.ref();
    worker.postMessage({ close: true } satisfies CommitRequest);
    await exited;
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(BOOTSTRAP, { workerData: { entry: RECORDING_THREAD, ...this.#data } satisfies RecordingThreadData });
    worker.on('message', (reply: CommitReply) => {
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#waiting.delete(reply.id);
      if (this.#waiting.size === 0) worker.unref();
      if (reply.error === undefined) waiting.resolve();
      else waiting.reject(new RiskgateError('STORE_UNAVAILABLE', { reason: reply.error }));
    });
    const fail = (reason: string): void => {
      if (this.#worker === worker) this.#worker = null;
      for (const waiting of this.#waiting.values()) waiting.reject(new RiskgateError('STORE_UNAVAILABLE', { reason }));
      this.#waiting.clear();
    };
    worker.on('error', (e) => fail(`the recording thread failed: ${e.message}`));
    worker.on('exit', (code) => fail(`the recording thread exited with code ${code}`));
    // Idle, it never keeps the process alive by itself; close() ends it in an orderly shutdown.
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
