import { existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type PredictionRecord, type Store } from '../store/index.js';
import { PredictionRecorder } from './prediction-recorder.js';

function record(id: string, patientHash: string | null = null): PredictionRecord {
  return {
    id, patientHash, modelVersion: 'model-v1.0.0-20261123-1200', modelChecksum: 'c'.repeat(64), arm: 'stable', rolloutId: null,
    input: { age: 50 }, probability: 0.25, output: { band: 'low' }, explanation: null, error: null, latencyMs: 0.5, requestId: `req-${id}`, createdAt: 1_700_000_000_000,
  };
}

describe('PredictionRecorder', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-recorder-'));
    store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
    const run = await store.migrate();
    expect(run.error).toBeNull();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const make = (flushIntervalMs = 60_000, batchSize = 100) => new PredictionRecorder({ repository: store.predictions, journalPath: join(dir, 'journal', 'p.journal'), batchSize, flushIntervalMs });

  it('journals synchronously, commits in batches, and deletes committed segments', async () => {
    const r = make();
    await r.start();
    for (let i = 0; i < 250; i++) r.record(record(`a${i}`));
    expect(r.findUncommitted('a7')?.id).toBe('a7');
    expect(await store.predictions.get('a7')).toBeNull();
    await r.flush();
    expect(r.findUncommitted('a7')).toBeUndefined();
    expect((await store.predictions.get('a7'))?.requestId).toBe('req-a7');
    expect(await store.predictions.count({ since: 0 })).toBe(250);
    expect(r.stats()).toMatchObject({ pending: 0, committed: 250, flushFailures: 0 });
    const left = readdirSync(join(dir, 'journal')).filter((f) => f.includes('sealed'));
    expect(left).toEqual([]);
    await r.close();
  });

  it('replays what a dead process left in the journal, idempotently, and skips a torn last line', async () => {
    const first = make();
    await first.start();
    for (let i = 0; i < 30; i++) first.record(record(`b${i}`));
    await first.flush();
    for (let i = 30; i < 40; i++) first.record(record(`b${i}`));
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
    third.record(record('b5'));
    await third.close();
    expect(await store.predictions.count({ since: 0 })).toBe(40);
    expect(existsSync(join(dir, 'journal', 'p.journal'))).toBe(true);
  });

  it('keeps records queued and journaled while the store fails, and commits them once it is back', async () => {
    const r = make();
    await r.start();
    r.record(record('c1'));
    await store.close();
    await r.flush();
    expect(r.stats().flushFailures).toBe(1);
    expect(r.findUncommitted('c1')).toBeDefined();
    // A new process (new store connection) replays the sealed segment left behind.
    store = await openStore(`sqlite:${join(dir, 'db.sqlite')}`);
    const again = make();
    expect((await again.start()).replayed).toBe(1);
    expect(await store.predictions.get('c1')).not.toBeNull();
    await again.close();
  });

  it('flushes on close and refuses records after it', async () => {
    const r = make();
    await r.start();
    r.record(record('d1', 'hash-1'));
    await r.close();
    expect((await store.predictions.listByPatient('hash-1')).items.map((p) => p.id)).toEqual(['d1']);
    expect(() => r.record(record('d2'))).toThrow(/shutting down/);
  });
});
