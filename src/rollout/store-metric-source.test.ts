import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord, Store } from '../store/index.js';
import { openTempSqliteStore } from '../store/testing/temp-sqlite-store.js';
import { StoreMetricSource } from './store-metric-source.js';

const T0 = Date.UTC(2026, 10, 23, 12);
let store: Store;

let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ store, dispose } = await openTempSqliteStore('metric-source'));
});
afterAll(() => dispose());

function prediction(id: string, over: Partial<PredictionRecord>): PredictionRecord {
  return {
    id, patientHash: null, modelVersion: 'v1', modelChecksum: 'sha', arm: 'stable', rolloutId: 'r-1', input: {},
    probability: 0.3, output: { threshold: 0.4 }, explanation: null, error: null, latencyMs: 5, requestId: null, createdAt: T0, ...over,
  };
}

describe('StoreMetricSource over SqliteStore', () => {
  it('observes one arm in its window with exact counts, samples, outcomes, breaker and memory', async () => {
    const rollout = `r-${randomUUID()}`;
    await store.predictions.insertMany([
      prediction(`${rollout}-a`, { modelVersion: 'v2', arm: 'canary', rolloutId: rollout, probability: 0.7, latencyMs: 7, createdAt: T0 + 10 }),
      prediction(`${rollout}-b`, { modelVersion: 'v2', arm: 'canary', rolloutId: rollout, error: 'INTERNAL', latencyMs: 30, createdAt: T0 + 20 }),
      prediction(`${rollout}-c`, { modelVersion: 'v2', arm: 'canary', rolloutId: rollout, probability: 0.2, createdAt: T0 + 30 }),
      prediction(`${rollout}-old`, { modelVersion: 'v2', arm: 'canary', rolloutId: rollout, createdAt: T0 - 10 }), // before the window
      prediction(`${rollout}-other`, { modelVersion: 'v2', arm: 'canary', rolloutId: 'earlier-rollout', createdAt: T0 + 5 }),
    ]);
    await store.feedback.insert({ id: randomUUID(), predictionId: `${rollout}-a`, patientHash: null, outcome: 1, observedAt: T0 + 100, createdAt: T0 + 100 });
    const seen: [string, number][] = [];
    const source = new StoreMetricSource({ store, breakerOpenedSince: (v, since) => { seen.push([v, since]); return true; }, memoryFraction: () => 0.42 });
    const obs = await source.observeArm({ env: 'e', rolloutId: rollout, version: 'v2', arm: 'canary', since: T0, until: null });
    expect(obs.requests).toBe(3);
    expect(obs.errors).toBe(1);
    expect(obs.latenciesMs.slice().sort((a, b) => a - b)).toEqual([5, 7, 30]);
    expect(obs.probabilities.slice().sort()).toEqual([0.2, 0.7]);
    expect(obs.threshold).toBe(0.4);
    expect(obs.outcomes).toEqual([{ probability: 0.7, outcome: 1 }]);
    expect(obs).toMatchObject({ breakerOpened: true, memoryFraction: 0.42 });
    expect(seen).toEqual([['v2', T0]]);
    // A closed window [since, until) excludes later predictions.
    const early = await source.observeArm({ env: 'e', rolloutId: rollout, version: 'v2', arm: 'canary', since: T0, until: T0 + 15 });
    expect(early.requests).toBe(1);
  });

  it('counts one outcome per patient (the latest prediction), however often the patient was scored', async () => {
    const rollout = `r-${randomUUID()}`;
    const repeated = Array.from({ length: 20 }, (_, i) => prediction(`${rollout}-p${i}`, { patientHash: 'patient-a', modelVersion: 'v2', arm: 'canary', rolloutId: rollout, probability: 0.5 + i / 100, createdAt: T0 + i }));
    const anonymous = [0, 1].map((i) => prediction(`${rollout}-anon${i}`, { modelVersion: 'v2', arm: 'canary', rolloutId: rollout, probability: 0.1, createdAt: T0 + 50 + i }));
    const other = prediction(`${rollout}-b`, { patientHash: 'patient-b', modelVersion: 'v2', arm: 'canary', rolloutId: rollout, probability: 0.9, createdAt: T0 + 60 });
    await store.predictions.insertMany([...repeated, ...anonymous, other]);
    for (const p of [...repeated, ...anonymous, other]) {
      await store.feedback.insert({ id: randomUUID(), predictionId: p.id, patientHash: null, outcome: 1, observedAt: T0 + 100, createdAt: T0 + 100 });
    }
    const source = new StoreMetricSource({ store, breakerOpenedSince: () => false, memoryFraction: () => 0 });
    const obs = await source.observeArm({ env: 'e', rolloutId: rollout, version: 'v2', arm: 'canary', since: T0, until: null });
    expect(obs.requests).toBe(23);
    expect(obs.outcomes.map((o) => o.probability).sort()).toEqual([0.1, 0.1, 0.69, 0.9]);
  });

  it('pairs shadow scores with the primary answers of the same requests', async () => {
    const rollout = `r-${randomUUID()}`;
    const since = T0 + 1_000_000;
    await store.predictions.insertMany([
      prediction(`${rollout}-1`, { probability: 0.1, createdAt: since + 1 }),
      prediction(`${rollout}-1.shadow`, { modelVersion: 'v2', arm: 'shadow', rolloutId: rollout, probability: 0.15, createdAt: since + 2 }),
      prediction(`${rollout}-2`, { probability: 0.8, createdAt: since + 3 }),
      prediction(`${rollout}-2.shadow`, { modelVersion: 'v2', arm: 'shadow', rolloutId: rollout, error: 'INTERNAL', createdAt: since + 4 }),
      prediction(`${rollout}-3`, { probability: 0.5, createdAt: since + 5 }), // not mirrored
    ]);
    const source = new StoreMetricSource({ store, breakerOpenedSince: () => false, memoryFraction: () => Number.NaN });
    const base = { env: 'e', rolloutId: rollout, since, until: null };
    const obs = await source.observeShadow({ primary: { ...base, version: 'v1', arm: 'stable' }, shadow: { ...base, version: 'v2', arm: 'shadow' } });
    expect(obs.pairs).toEqual([{ primary: 0.1, shadow: 0.15 }]);
    expect(obs.primary.requests).toBe(3);
    expect(obs.shadow).toMatchObject({ requests: 2, errors: 1 });
  });
});
