import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { RiskgateError } from '../errors.js';
import { BullMqJobQueue, createScoreJobHandler, InProcessJobQueue, registryModelResolver, SCORE_JOB, type JobQueue } from '../jobs/index.js';
import type { ModelRegistry } from '../registry/index.js';
import type { Store } from '../store/index.js';

/** The server's background jobs: the queue (started) and the folder of uploads and results. */
export interface ServerJobs {
  readonly queue: JobQueue;
  readonly dir: string;
}

/**
 * Builds and starts the job queue the configuration asks for: BullMQ when jobs.backend is
 * 'bullmq' (or 'auto' with a Redis URL) — this process enqueues and also works unless a
 * separate `riskgate worker` is preferred — else in-process. Unfinished jobs resume.
 */
export async function startServerJobs(config: Config, store: Store, registry: ModelRegistry): Promise<ServerJobs> {
  const handlers = { [SCORE_JOB]: createScoreJobHandler(registryModelResolver(registry)) };
  const useRedis = config.jobs.backend === 'bullmq' || (config.jobs.backend === 'auto' && config.redis.url !== null);
  if (useRedis && !config.redis.url) throw new RiskgateError('CONFIG_INVALID', { summary: 'jobs.backend is bullmq but no REDIS_URL / redis.url is set' });
  const queue: JobQueue = useRedis
    ? new BullMqJobQueue(store, handlers, { redisUrl: config.redis.url as string, work: true, concurrency: config.jobs.concurrency })
    : new InProcessJobQueue(store, handlers);
  await queue.start();
  return { queue, dir: join(config.paths.var_dir, 'jobs') };
}
