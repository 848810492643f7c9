import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type JobRecord, type Store } from '../store/index.js';
import { InProcessJobQueue } from './in-process-job-queue.js';
import type { JobHandlers } from './job-queue.js';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'riskgate-jobs-'));
  store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
  await store.migrate();
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(store: Store, id: string, states: JobRecord['state'][]): Promise<JobRecord> {
  for (let i = 0; i < 500; i++) {
    const job = await store.jobs.get(id);
    if (job && states.includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${id} never reached ${states.join('/')}`);
}

describe('InProcessJobQueue', () => {
  it('runs jobs in order and records results and failures', async () => {
    const order: number[] = [];
    const handlers: JobHandlers = {
      add: async (job) => {
        order.push(job.params.n as number);
        return { sum: (job.params.n as number) + 1 };
      },
      boom: async () => {
        throw new Error('exploded on purpose');
      },
    };
    const q = new InProcessJobQueue(store, handlers);
    await q.start();
    const a = await q.enqueue('add', { n: 1 });
    const b = await q.enqueue('boom', {});
    const c = await q.enqueue('add', { n: 2 });
    const unknown = await q.enqueue('nope', {});
    expect((await waitFor(store, a.id, ['succeeded'])).result).toEqual({ sum: 2 });
    expect((await waitFor(store, b.id, ['failed'])).error).toContain('exploded on purpose');
    expect((await waitFor(store, c.id, ['succeeded'])).result).toEqual({ sum: 3 });
    expect((await waitFor(store, unknown.id, ['failed'])).error).toContain('no handler');
    expect(order).toEqual([1, 2]);
    await q.close();
  });

  it('resumes an interrupted job from its checkpoint after a restart', async () => {
    let gate: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (gate = r));
    const seen: unknown[] = [];
    const first: JobHandlers = {
      count: async (job, ctx) => {
        await ctx.checkpoint({ at: 5 }, { done: 5, total: 10 });
        gate();
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));
        return null;
      },
    };
    const q1 = new InProcessJobQueue(store, first);
    await q1.start();
    const job = await q1.enqueue('count', {});
    await blocked;
    await q1.close();
    const interrupted = await store.jobs.get(job.id);
    expect(interrupted).toMatchObject({ state: 'running', cursor: { at: 5 }, progress: { done: 5, total: 10 } });

    const second: JobHandlers = {
      count: async (j) => {
        seen.push(j.cursor);
        return { finishedFrom: (j.cursor as { at: number }).at };
      },
    };
    const q2 = new InProcessJobQueue(store, second);
    await q2.start();
    const done = await waitFor(store, job.id, ['succeeded']);
    expect(seen).toEqual([{ at: 5 }]);
    expect(done.result).toEqual({ finishedFrom: 5 });
    expect(done.attempts).toBe(2);
    await q2.close();
  });
});
