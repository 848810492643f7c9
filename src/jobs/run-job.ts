import { RiskgateError } from '../errors.js';
import type { JobRecord, Store } from '../store/index.js';
import type { JobHandlers } from './job-queue.js';

/**
 * Runs one stored job to its end with the matching handler: marks it running, lets the
 * handler checkpoint, and records success or failure on the job (never throws for a job that
 * fails; a job interrupted by `signal` is left running so the next start resumes it).
 * Shared by both queue implementations.
 */
export async function runJob(store: Store, handlers: JobHandlers, id: string, signal: AbortSignal, now: () => number): Promise<JobRecord | null> {
  const job = await store.jobs.get(id);
  if (!job || job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') return job;
  const handler = handlers[job.kind];
  if (!handler) {
    return store.jobs.update(id, { state: 'failed', error: `no handler for job kind "${job.kind}"`, updatedAt: now() });
  }
  const running = await store.jobs.update(id, { state: 'running', attempts: job.attempts + 1, updatedAt: now() });
  try {
    const result = await handler(running, {
      signal,
      checkpoint: async (cursor, progress) => {
        await store.jobs.update(id, { cursor, progress, updatedAt: now() });
      },
    });
    return await store.jobs.update(id, { state: 'succeeded', result, error: null, updatedAt: now() });
  } catch (e) {
    // Interrupted by shutdown: leave it running with its cursor; the next start resumes it.
    if (signal.aborted) return store.jobs.get(id);
    const reason = e instanceof RiskgateError ? `${e.code}: ${e.message}` : (e as Error)?.message ?? String(e);
    return store.jobs.update(id, { state: 'failed', error: reason, updatedAt: now() });
  }
}
