import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type JobRecord, type Store } from '../store/index.js';
import { BullMqJobQueue } from './bullmq-job-queue.js';
import type { JobHandlers } from './job-queue.js';

// Real Redis: REDIS_URL_TEST (CI sets it). In CI a missing Redis fails the suite.
const REDIS_URL = process.env.REDIS_URL_TEST;
if (!REDIS_URL && process.env.CI === 'true') throw new Error('REDIS_URL_TEST must be set in CI (the BullMQ queue is tested against a real Redis)');

async function waitFor(store: Store, id: string, states: JobRecord['state'][]): Promise<JobRecord> {
  for (let i = 0; i < 1000; i++) {
    const job = await store.jobs.get(id);
    if (job && states.includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${id} never reached ${states.join('/')}`);
}

describe.runIf(Boolean(REDIS_URL))('BullMqJobQueue (real Redis at REDIS_URL_TEST)', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskgate-bull-'));
    store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands jobs from a producer to a separate worker through Redis', async () => {
    const queueName = `riskgate-test-${randomUUID()}`;
    const handlers: JobHandlers = {
      double: async (job, ctx) => {
        await ctx.checkpoint({ half: true }, { done: 1, total: 2 });
        return { value: (job.params.n as number) * 2 };
      },
    };
    const producer = new BullMqJobQueue(store, handlers, { redisUrl: REDIS_URL as string, queueName, work: false });
    const worker = new BullMqJobQueue(store, handlers, { redisUrl: REDIS_URL as string, queueName, work: true });
    await producer.start();
    const job = await producer.enqueue('double', { n: 21 });
    expect(job.state).toBe('queued');
    await worker.start();
    const done = await waitFor(store, job.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ state: 'succeeded', result: { value: 42 }, cursor: { half: true } });
    await worker.close();
    await producer.close();
  });
});
