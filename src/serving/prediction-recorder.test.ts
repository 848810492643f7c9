import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropSchemas, IN_CI, PG_URL, probePostgres } from '../../test/helpers/postgres.js';
import { openStore, type PredictionRecord, type Store } from '../store/index.js';
import { InlineCommitter, type PredictionCommitter } from './prediction-committer.js';
import { PredictionRecorder } from './prediction-recorder.js';
import { ThreadCommitter } from './thread-committer.js';

function record(id: string, patientHash: string | null = null): PredictionRecord {
  return {
    id, patientHash, modelVersion: 'model-v1.0.0-20261123-1200', modelChecksum: 'c'.repeat(64), arm: 'stable', rolloutId: null,
    input: { age: 50 }, probability: 0.25, output: { band: 'low' }, explanation: null, error: null, latencyMs: 0.5, requestId: `req-${id}`, createdAt: 1_700_000_000_000,
  };
}

/** The two ways of committing: through the server's own connection, or from a recording thread with its own. */
const COMMITTERS: [string, (store: Store, url: string) => PredictionCommitter][] = [
  ['in this thread', (store) => new InlineCommitter(store.predictions, 100)],
  ['in a recording thread', (_, url) => new ThreadCommitter(url, 100)],
];

describe.each(COMMITTERS)('PredictionRecorder committing %s', (_, committerFor) => {
  let dir: string;
  let url: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-recorder-'));
    url = `sqlite:${join(dir, 'db.sqlite')}`;
    store = await openStore(url);
    const run = await store.migrate();
    expect(run.error).toBeNull();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (options: { storeUrl?: string; target?: Store } = {}) => new PredictionRecorder({
    committer: committerFor(options.target ?? store, options.storeUrl ?? url), journalPath: join(dir, 'journal', 'p.journal'), batchSize: 100, flushIntervalMs: 60_000,
  });

  it('journals each turn\'s records in one write before answering, commits in batches, and deletes committed segments', async () => {
    const r = make();
    await r.start();
    const written = Array.from({ length: 250 }, (_, i) => r.record(record(`a${i}`)));
    expect(r.stats().journalWrites).toBe(0);
    await Promise.all(written);
    expect(r.stats()).toMatchObject({ journalWrites: 1, journaledRecords: 250 });
    // Read back from the live journal file: the recorder keeps ids, not records.
    expect(r.findUncommitted('a7')).toEqual(record('a7'));
    expect(r.isUncommitted('a7')).toBe(true);
    expect(r.findUncommitted('never-recorded')).toBeUndefined();
    await r.flush();
    expect(r.isUncommitted('a7')).toBe(false);
    expect(r.findUncommitted('a7')).toBeUndefined();
    expect((await store.predictions.get('a7'))?.requestId).toBe('req-a7');
    expect(await store.predictions.count({ since: 0 })).toBe(250);
    expect(r.stats()).toMatchObject({ pending: 0, committed: 250, flushFailures: 0 });
    expect(readdirSync(join(dir, 'journal')).filter((f) => f.includes('sealed'))).toEqual([]);
    await r.close();
  });

  it('replays what a dead process left in the journal, idempotently, and skips a torn last line', async () => {
    const first = make();
    await first.start();
    await Promise.all(Array.from({ length: 30 }, (_, i) => first.record(record(`b${i}`))));
    await first.flush();
    await Promise.all(Array.from({ length: 10 }, (_, i) => first.record(record(`b${30 + i}`))));
    // The process dies here: no flush, no close. A half-written line follows the last record.
    appendFileSync(join(dir, 'journal', 'p.journal'), '{"id":"torn","patien');
    const second = make();
    const { replayed } = await second.start();
    expect(replayed).toBe(10);
    expect(await store.predictions.count({ since: 0 })).toBe(40);
    expect(await store.predictions.get('b39')).not.toBeNull();
    expect(await store.predictions.get('torn')).toBeNull();
    await second.close();
    // Replaying records already committed (a crash between commit and segment delete) is harmless.
    const third = make();
    await third.start();
    await third.record(record('b5'));
    await third.close();
    expect(await store.predictions.count({ since: 0 })).toBe(40);
    expect(existsSync(join(dir, 'journal', 'p.journal'))).toBe(true);
    await first.close();
  });

  it('keeps records journaled while the store refuses them, and commits them once it accepts them', async () => {
    // A database without the schema: every insert fails until it is migrated.
    const brokenUrl = `sqlite:${join(dir, 'unmigrated.sqlite')}`;
    const broken = await openStore(brokenUrl);
    const r = make({ storeUrl: brokenUrl, target: broken });
    await r.start();
    await r.record(record('c1'));
    await r.flush();
    expect(r.stats().flushFailures).toBe(1);
    expect(r.stats().lastError).toMatch(/pending migrations/);
    // Sealed into a segment that waits for the store, and newer records in the live file: both are found.
    await r.record(record('c2'));
    expect(r.findUncommitted('c1')).toEqual(record('c1'));
    expect(r.findUncommitted('c2')).toEqual(record('c2'));
    expect(r.stats().pending).toBe(2);
    expect((await broken.migrate()).error).toBeNull();
    await r.flush();
    expect(r.findUncommitted('c1')).toBeUndefined();
    expect(await broken.predictions.get('c1')).not.toBeNull();
    await r.close();
    await broken.close();
  });

  it('flushes on close and refuses records after it', async () => {
    const r = make();
    await r.start();
    const written = r.record(record('d1', 'hash-1'));
    await r.close();
    await written;
    expect((await store.predictions.listByPatient('hash-1')).items.map((p) => p.id)).toEqual(['d1']);
    expect(() => r.record(record('d2'))).toThrow(/shutting down/);
  });
});

describe('PredictionRecorder flushes and journal failures', () => {
  it('shares one queued flush among every caller that asks while a flush runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-recorder-'));
    const commits: number[] = [];
    let release: (() => void) | null = null;
    const committer: PredictionCommitter = {
      commit: (batch) => new Promise<void>((resolve) => {
        commits.push(batch.ids.length);
        release = resolve;
      }),
      close: async () => {},
    };
    const r = new PredictionRecorder({ committer, journalPath: join(dir, 'p.journal'), batchSize: 1000, flushIntervalMs: 60_000 });
    await r.start();
    await r.record(record('f1'));
    const first = r.flush();
    await new Promise((resolve) => setImmediate(resolve));
    // While the first commit hangs, a burst of records and flush calls arrives.
    await Promise.all([r.record(record('f2')), r.record(record('f3'))]);
    const burst = Array.from({ length: 10 }, () => r.flush());
    expect(new Set(burst).size).toBe(1);
    (release as unknown as () => void)();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    (release as unknown as () => void)();
    await Promise.all(burst);
    expect(commits).toEqual([1, 2]);
    expect(r.stats()).toMatchObject({ committed: 3, pending: 0 });
    await r.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never acknowledges a record the journal could not take: the write rejects with STORE_UNAVAILABLE', async () => {
    // /dev/full accepts the open and fails every write with ENOSPC, like a full disk.
    const r = new PredictionRecorder({ committer: { commit: async () => {}, close: async () => {} }, journalPath: '/dev/full', batchSize: 10, flushIntervalMs: 60_000 });
    const a = r.record(record('e1'));
    const b = r.record(record('e2'));
    await expect(a).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(b).rejects.toThrow(/journal could not be written/);
    expect(r.findUncommitted('e1')).toBeUndefined();
    expect(r.stats().journalWrites).toBe(0);
  });
});

const pgProblem = await probePostgres(PG_URL);

describe.skipIf(pgProblem !== null && !IN_CI)(`PredictionRecorder committing from a recording thread into PostgreSQL${pgProblem ? ` — skipped locally: ${pgProblem}` : ''}`, () => {
  it('commits into the server\'s schema through the thread\'s own connection', async () => {
    if (pgProblem) throw new Error(`CI requires PostgreSQL: ${pgProblem}`);
    const url = PG_URL as string;
    const schema = `rg_rec_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const dir = mkdtempSync(join(tmpdir(), 'rg-recorder-pg-'));
    const store = await openStore(url, { schema });
    try {
      expect((await store.migrate()).error).toBeNull();
      const r = new PredictionRecorder({ committer: new ThreadCommitter(url, 100, { schema }), journalPath: join(dir, 'p.journal'), batchSize: 100, flushIntervalMs: 60_000 });
      await r.start();
      await Promise.all(Array.from({ length: 120 }, (_, i) => r.record(record(`pg${i}`, i === 0 ? 'hash-pg' : null))));
      await r.flush();
      expect(r.stats()).toMatchObject({ committed: 120, pending: 0, flushFailures: 0 });
      expect(await store.predictions.count({ since: 0 })).toBe(120);
      expect((await store.predictions.listByPatient('hash-pg')).items.map((p) => p.id)).toEqual(['pg0']);
      await r.close();
    } finally {
      await store.close();
      await dropSchemas(url, [schema]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
