import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { RiskgateError } from '../../errors.js';
import { SCORE_JOB, type ScoreJobParams } from '../../jobs/index.js';
import type { JobRecord } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';

/** The largest CSV a scoring job accepts by upload (bytes). */
export const MAX_JOB_UPLOAD_BYTES = 2 * 1024 ** 3;

const JOB_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] },
    progress: { type: 'object', properties: { done: { type: 'integer' }, total: { type: 'integer', nullable: true } } },
    result: { type: 'object', nullable: true, additionalProperties: true },
    error: { type: 'string', nullable: true },
    attempts: { type: 'integer' },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    links: { type: 'object', properties: { self: { type: 'string' }, result: { type: 'string' }, rejects: { type: 'string' } } },
  },
} as const;

function present(job: JobRecord, prefix: string) {
  return {
    id: job.id,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    result: job.result as Record<string, unknown> | null,
    error: job.error,
    attempts: job.attempts,
    created_at: new Date(job.createdAt).toISOString(),
    updated_at: new Date(job.updatedAt).toISOString(),
    links: { self: `${prefix}/jobs/${job.id}`, result: `${prefix}/jobs/${job.id}/result`, rejects: `${prefix}/jobs/${job.id}/result?file=rejects` },
  };
}

/** Counts bytes through a stream and fails once `limit` is passed. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > limit) done(new RiskgateError('PAYLOAD_TOO_LARGE', { limit }));
      else done(null, chunk);
    },
  });
}

/**
 * Batch scoring as background jobs: upload a CSV (`Content-Type: text/csv`), follow the job's
 * progress, download the scores and the rejects. Jobs run in-process or on BullMQ workers;
 * the record (and so these answers) comes from the shared store either way.
 */
export async function jobsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const jobs = deps.jobs;
  if (!jobs) return;
  const dir = resolve(jobs.dir);
  mkdirSync(dir, { recursive: true });
  // The upload is streamed to disk as it arrives, never held in memory.
  app.addContentTypeParser(['text/csv', 'application/csv'], { bodyLimit: MAX_JOB_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));

  app.post('/jobs/score', {
    config: { role: 'predictor', audit: 'jobs.score' },
    bodyLimit: MAX_JOB_UPLOAD_BYTES,
    schema: {
      summary: 'Start a batch scoring job from an uploaded CSV (header of feature names; empty cells missing)',
      tags: ['jobs'],
      querystring: {
        type: 'object',
        properties: { explain: { type: 'boolean', default: false }, model: { type: 'string', minLength: 1, maxLength: 200 } },
        additionalProperties: false,
      },
      response: { 202: JOB_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      if (!/^(text|application)\/csv\b/.test(String(request.headers['content-type'] ?? ''))) {
        throw new RiskgateError('UNSUPPORTED_MEDIA_TYPE', { contentType: request.headers['content-type'] ?? 'none' }, { message: 'Send the file as the body with Content-Type: text/csv.' });
      }
      const { explain, model } = request.query as { explain: boolean; model?: string };
      const folder = join(dir, randomUUID());
      mkdirSync(folder, { recursive: true });
      const inputPath = join(folder, 'input.csv');
      await pipeline(request.body as NodeJS.ReadableStream, byteLimit(MAX_JOB_UPLOAD_BYTES), createWriteStream(inputPath));
      const params: ScoreJobParams = {
        inputPath,
        outputPath: join(folder, 'scores.csv'),
        rejectsPath: join(folder, 'rejects.csv'),
        explain,
        model: model ?? null,
      };
      const job = await jobs.queue.enqueue(SCORE_JOB, params);
      return reply.status(202).header('location', `/api/v1/jobs/${job.id}`).send(present(job, '/api/v1'));
    },
  });

  app.get('/jobs/:id', {
    config: { role: 'predictor' },
    schema: {
      summary: 'A job: state, progress (rows done), result or error',
      tags: ['jobs'],
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['id'] },
      response: { 200: JOB_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const job = await deps.store.jobs.get(id);
      if (!job) throw new RiskgateError('NOT_FOUND', { what: `Job ${id}` });
      return present(job, '/api/v1');
    },
  });

  app.get('/jobs/:id/result', {
    config: { role: 'predictor' },
    schema: {
      summary: "A finished scoring job's output CSV (file=scores, the default) or its rejects (file=rejects)",
      tags: ['jobs'],
      params: { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['id'] },
      querystring: { type: 'object', properties: { file: { type: 'string', enum: ['scores', 'rejects'], default: 'scores' } }, additionalProperties: false },
      response: { ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      const { file } = request.query as { file: 'scores' | 'rejects' };
      const job = await deps.store.jobs.get(id);
      if (!job || job.kind !== SCORE_JOB) throw new RiskgateError('NOT_FOUND', { what: `Scoring job ${id}` });
      if (job.state !== 'succeeded') throw new RiskgateError('CONFLICT', { reason: `Job ${id} is ${job.state}; its result is ready when it has succeeded.` });
      const params = job.params as ScoreJobParams;
      const path = file === 'rejects' ? params.rejectsPath : params.outputPath;
      if (!existsSync(path)) throw new RiskgateError('NOT_FOUND', { what: `The ${file} file of job ${id}` });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-${file}.csv"`).send(createReadStream(path));
    },
  });
}
