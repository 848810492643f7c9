import { randomUUID } from 'node:crypto';
import type { JobRecord, JsonObject, Store } from '../store/index.js';
import type { JobHandlers, JobQueue } from './job-queue.js';
import { runJob } from './run-job.js';

/**
 * The default queue: jobs run one at a time inside the server process, in the order they
 * were queued. Records live in the Store, so a job interrupted by a restart is resumed from
 * its last checkpoint when the queue starts again.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  readonly #store: Store;
  readonly #handlers: JobHandlers;
  readonly #now: () => number;
  readonly #pending: string[] = [];
  readonly #abort = new AbortController();
  #started = false;
  #closed = false;
  #running: Promise<void> | null = null;

  constructor(store: Store, handlers: JobHandlers, now: () => number = Date.now) {
    this.#store = store;
    this.#handlers = handlers;
    this.#now = now;
  }

  async enqueue(kind: string, params: JsonObject): Promise<JobRecord> {
    const at = this.#now();
    const job: JobRecord = { id: randomUUID(), kind, state: 'queued', params, progress: { done: 0, total: null }, cursor: null, result: null, error: null, attempts: 0, createdAt: at, updatedAt: at };
    await this.#store.jobs.create(job);
    this.#pending.push(job.id);
    this.#pump();
    return job;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const unfinished = await this.#store.jobs.list({ states: ['running', 'queued'], limit: 1000 });
    // Oldest first: the list is newest first.
    for (const job of [...unfinished].reverse()) if (!this.#pending.includes(job.id)) this.#pending.push(job.id);
    this.#pump();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#abort.abort();
    await this.#running;
  }

  /** Starts the worker loop if it is idle and there is work. */
  #pump(): void {
    if (!this.#started || this.#closed || this.#running) return;
    this.#running = (async () => {
      while (!this.#closed && this.#pending.length > 0) {
        const id = this.#pending.shift() as string;
        await runJob(this.#store, this.#handlers, id, this.#abort.signal, this.#now);
      }
    })().finally(() => {
      this.#running = null;
      if (!this.#closed && this.#pending.length > 0) this.#pump();
    });
  }
}
