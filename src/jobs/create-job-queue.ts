import type { Store } from '../store/index.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import type { JobHandlers, JobQueue } from './job-queue.js';

/**
 * Picks the queue: BullMQ when a Redis URL is configured (the server enqueues; `work` decides
 * whether this process also runs jobs), in-process otherwise.
 */
export function createJobQueue(store: Store, handlers: JobHandlers, options: { readonly redisUrl?: string | null; readonly work: boolean }): JobQueue {
  return options.redisUrl
    ? new BullMqJobQueue(store, handlers, { redisUrl: options.redisUrl, work: options.work })
    : new InProcessJobQueue(store, handlers);
}
