import type { JobRecord, JsonObject, JsonValue } from '../store/index.js';

/** What a running job may do besides computing: save where it is, and notice cancellation. */
export interface JobContext {
  /** Persists progress and the resume cursor (call after each durable step). */
  checkpoint(cursor: JsonValue, progress: { readonly done: number; readonly total: number | null }): Promise<void>;
  /** Aborted when the queue closes; stop at the next checkpoint. */
  readonly signal: AbortSignal;
}

/**
 * Runs one kind of job. Called again with the stored cursor after an interruption, so a
 * handler must resume from `job.cursor` rather than start over. Returns the job's result.
 */
export type JobHandler = (job: JobRecord, ctx: JobContext) => Promise<JsonValue>;

/** Handlers by job kind (e.g. 'score'). */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/**
 * A queue of background jobs whose records (state, progress, cursor, result) live in the
 * Store, so any replica can answer GET /api/v1/jobs/:id. Implementations: in-process (the
 * default) and BullMQ on Redis (several workers, `riskgate worker`).
 */
export interface JobQueue {
  /** Which implementation this is ('in-process' or 'bullmq'). */
  readonly kind: 'in-process' | 'bullmq';
  /** Stores a queued job and schedules it; resolves once the record is stored. */
  enqueue(kind: string, params: JsonObject): Promise<JobRecord>;
  /** Starts processing, first resuming jobs left queued or running by an earlier process. Idempotent. */
  start(): Promise<void>;
  /** Stops taking new jobs and waits for running ones to stop at a checkpoint. Idempotent. */
  close(): Promise<void>;
}
