import { statSync } from 'node:fs';
import { RiskgateError } from '../errors.js';
import type { Model } from '../model/index.js';
import type { JsonObject } from '../store/index.js';
import type { JobHandler } from './job-queue.js';
import { scoreCsv, type ScoreCursor } from './score-csv.js';

/** The job kind of batch scoring. */
export const SCORE_JOB = 'score';

/** Parameters of a scoring job, as stored on the job record. */
export interface ScoreJobParams extends JsonObject {
  readonly inputPath: string;
  readonly outputPath: string;
  readonly rejectsPath: string;
  readonly explain: boolean;
  /** A version or alias; null = production. */
  readonly model: string | null;
}

/** A model ready to score, with the version that will be recorded on the result. */
export interface ResolvedModel {
  readonly model: Model;
  readonly version: string;
  readonly threshold?: number;
}

/** Finds the model a job names (version or alias; null for production). */
export type ModelResolver = (versionOrAlias: string | null) => Promise<ResolvedModel>;

function isCursor(v: unknown): v is ScoreCursor {
  return typeof v === 'object' && v !== null && typeof (v as ScoreCursor).rowsRead === 'number' && typeof (v as ScoreCursor).outputBytes === 'number';
}

/**
 * The handler of scoring jobs: streams the uploaded CSV through {@link scoreCsv}, saving the
 * cursor after every chunk so a restarted job continues where it stopped. The model version is
 * pinned on the first attempt (stored in the cursor's job result) so a resumed job never mixes
 * two models in one output.
 */
export function createScoreJobHandler(resolveModel: ModelResolver): JobHandler {
  return async (job, ctx) => {
    const params = job.params as ScoreJobParams;
    if (typeof params.inputPath !== 'string' || typeof params.outputPath !== 'string') {
      throw new RiskgateError('BAD_REQUEST', { reason: `job ${job.id} has no input/output paths` });
    }
    const stored = job.cursor as { score?: unknown; version?: string } | null;
    const resolved = await resolveModel(stored?.version ?? params.model ?? null);
    const totalBytes = statSync(params.inputPath).size;
    const summary = await scoreCsv({
      model: resolved.model,
      threshold: resolved.threshold,
      inputPath: params.inputPath,
      outputPath: params.outputPath,
      rejectsPath: params.rejectsPath,
      explain: Boolean(params.explain),
      resume: isCursor(stored?.score) ? stored.score : null,
      signal: ctx.signal,
      onCheckpoint: (cursor) =>
        ctx.checkpoint({ score: { ...cursor }, version: resolved.version }, { done: cursor.rowsRead, total: null }),
    });
    await ctx.checkpoint({ score: { ...summary }, version: resolved.version }, { done: summary.rowsRead, total: summary.rowsRead });
    return { version: resolved.version, rows: summary.rowsRead, accepted: summary.accepted, rejected: summary.rejected, inputBytes: totalBytes };
  };
}
