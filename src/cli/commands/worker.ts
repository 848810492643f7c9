import type { Command } from 'commander';
import { BullMqJobQueue, createScoreJobHandler, registryModelResolver, SCORE_JOB } from '../../jobs/index.js';
import { RiskgateError } from '../../errors.js';
import { withConfiguredStore } from './configured-store.js';
import { openGatedRegistry } from '../../gates/index.js';

/**
 * `riskgate worker`: a separate process that runs background jobs (batch scoring) from the
 * BullMQ queue on REDIS_URL, with job records in the shared store. Stops cleanly on SIGTERM
 * or SIGINT: the running job stops at its next checkpoint and is resumed by the next worker.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run background jobs from the Redis queue (needs REDIS_URL)')
    .option('--env <name>', 'environment')
    .option('--concurrency <n>', 'jobs at once', (v) => Number.parseInt(v, 10), 1)
    .action(async (o: { env?: string; concurrency: number }) => {
      await withConfiguredStore({ env: o.env }, async ({ config, store }) => {
        if (!config.redis.url) throw new RiskgateError('BAD_REQUEST', { reason: 'riskgate worker needs REDIS_URL (or redis.url in environments.yml); without it jobs run inside the server' });
        const registry = openGatedRegistry(config, store);
        const queue = new BullMqJobQueue(store, { [SCORE_JOB]: createScoreJobHandler(registryModelResolver(registry)) }, { redisUrl: config.redis.url, work: true, concurrency: o.concurrency });
        await queue.start();
        process.stderr.write(`worker: processing jobs from ${config.redis.url.replace(/\/\/[^@]*@/, '//***@')}\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGTERM', resolve);
          process.once('SIGINT', resolve);
        });
        await queue.close();
      });
    });
}
