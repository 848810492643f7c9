import { randomUUID } from 'node:crypto';
import type { Queue, Worker } from 'bullmq';
import type { JobRecord, JsonObject, Store } from '../store/index.js';
import type { JobHandlers, JobQueue } from './job-queue.js';
import { runJob } from './run-job.js';

/** Options of the BullMQ queue. */
export interface BullMqJobQueueOptions {
  readonly redisUrl: string;
  /** Queue name in Redis (several deployments may share one Redis with different names). */
  readonly queueName?: string;
  /** Whether this process also works on jobs (the server: false with a separate `riskgate worker`). */
  readonly work: boolean;
  readonly concurrency?: number;
}

/** Default queue name. */
export const DEFAULT_QUEUE_NAME = 'riskgate-jobs';

function connectionOf(redisUrl: string): { host: string; port: number; db: number; password?: string; username?: string } {
  const u = new URL(redisUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 6379),
    db: Number(u.pathname.replace('/', '') || 0),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
  };
}

/**
 * Jobs on BullMQ: the Store keeps each job's record (progress, cursor, result) and BullMQ
 * carries the job ids between processes, so several workers share the work and a worker that
 * dies mid-job has its job picked up again (BullMQ's stalled-job check) and resumed from the
 * stored cursor. bullmq is imported lazily: the embedded default never loads it.
 */
export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly #store: Store;
  readonly #handlers: JobHandlers;
  readonly #options: BullMqJobQueueOptions;
  readonly #now: () => number;
  readonly #abort = new AbortController();
  #queue: Queue | null = null;
  #worker: Worker | null = null;

  constructor(store: Store, handlers: JobHandlers, options: BullMqJobQueueOptions, now: () => number = Date.now) {
    this.#store = store;
    this.#handlers = handlers;
    this.#options = options;
    this.#now = now;
  }

  async #ensureQueue(): Promise<Queue> {
    if (!this.#queue) {
      const { Queue } = await import('bullmq');
      this.#queue = new Queue(this.#options.queueName ?? DEFAULT_QUEUE_NAME, { connection: connectionOf(this.#options.redisUrl) });
    }
    return this.#queue;
  }

  async enqueue(kind: string, params: JsonObject): Promise<JobRecord> {
    const at = this.#now();
    const job: JobRecord = { id: randomUUID(), kind, state: 'queued', params, progress: { done: 0, total: null }, cursor: null, result: null, error: null, attempts: 0, createdAt: at, updatedAt: at };
    await this.#store.jobs.create(job);
    const queue = await this.#ensureQueue();
    await queue.add(kind, { id: job.id }, { jobId: job.id, removeOnComplete: 1000, removeOnFail: 1000 });
    return job;
  }

  async start(): Promise<void> {
    await this.#ensureQueue();
    if (!this.#options.work || this.#worker) return;
    const { Worker } = await import('bullmq');
    this.#worker = new Worker(
      this.#options.queueName ?? DEFAULT_QUEUE_NAME,
      async (bull) => {
        const id = (bull.data as { id: string }).id;
        const done = await runJob(this.#store, this.#handlers, id, this.#abort.signal, this.#now);
        if (done?.state === 'failed') throw new Error(done.error ?? 'job failed');
      },
      { connection: connectionOf(this.#options.redisUrl), concurrency: this.#options.concurrency ?? 1 },
    );
    await this.#worker.waitUntilReady();
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#worker?.close();
    await this.#queue?.close();
    this.#worker = null;
    this.#queue = null;
  }
}
