import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { HEART_SIGNATURE, loadDataset } from '../data/index.js';
import { AlertEvaluator, ArmWindows, createMetrics } from '../monitor/index.js';
import { CircuitBreakers, ModelPool } from '../serving/index.js';
import { openStore, type Store } from '../store/index.js';
import { trainModel } from '../train/index.js';
import { assembleMonitoring } from './monitoring-assembly.js';

// The alert snapshot gathered from real parts: arm windows, a real SQLite store holding
// rollouts, a pool with a breaker tripped. The evaluator then names each runbook condition.
describe('assembleMonitoring: the alert snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-monitoring-'));
  const config = loadConfig({ env: 'development', cwd: dir, vars: { SECRET_KEY: 'test-secret-7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e' } });
  const NOW = Date.UTC(2026, 10, 23, 12);
  let store: Store;

  beforeAll(async () => {
    store = await openStore(config.store.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds error counts and p95 per arm, memory, breakers and paused or rolled-back rollouts', async () => {
    const windows = new ArmWindows({ capacity: 1000, windowMs: 600_000, featureCount: 13 });
    for (let i = 0; i < 40; i++) windows.record({ modelVersion: 'v2', arm: 'canary', at: NOW - 1000 + i, latencyMs: 5, error: i % 10 === 0, probability: 0.3 });
    const model = trainModel(loadDataset('uci:cleveland'), { algorithm: 'logistic', signature: HEART_SIGNATURE }).model;
    const pool = new ModelPool();
    pool.add({ version: 'v2', checksum: 'c', model, threshold: 0.5, loadedAt: NOW });
    const breakers = new CircuitBreakers({ failureThreshold: 2, openMs: 60_000 });
    breakers.recordFailure('v2', NOW - 10);
    breakers.recordFailure('v2', NOW - 5);
    const base = { env: config.env, strategy: 'canary', candidateVersion: 'v2', baselineVersion: 'v1', state: {}, createdAt: NOW - 5000 };
    await store.rollouts.create({ ...base, id: 'r-old', phase: 'rolled-back', active: false, updatedAt: NOW - 1000 });
    await store.rollouts.create({ ...base, id: 'r-now', phase: 'paused', active: true, updatedAt: NOW - 500 });
    const metrics = createMetrics();
    const m = assembleMonitoring({ config, store, pool, breakers, windows, metrics, clock: () => NOW });

    const snapshot = await m.snapshot();
    expect(snapshot.arms).toEqual([{ modelVersion: 'v2', arm: 'canary', requests: 40, errors: 4, p95Ms: 5 }]);
    expect(snapshot.breakers).toEqual([{ modelVersion: 'v2', open: true }]);
    expect([...snapshot.rollouts].sort((a, b) => a.id.localeCompare(b.id))).toEqual([{ id: 'r-now', phase: 'paused', since: NOW - 500 }, { id: 'r-old', phase: 'rolled_back', since: NOW - 1000 }]);
    expect(snapshot.accuracy).toEqual([]);
    expect(snapshot.memoryFraction).toBeGreaterThan(0);
    expect((await metrics.memoryUsage.get()).values[0].value).toBe(snapshot.memoryFraction);

    const rules = new AlertEvaluator({ memoryFraction: null }).conditions(snapshot, NOW).map((c) => `${c.rule} ${c.key}`).sort();
    expect(rules).toEqual(['BreakerOpen v2', 'CriticalErrorRate v2/canary', 'HighErrorRate v2/canary', 'RolloutPaused r-now', 'RolloutRolledBack r-old']);
    const health = await m.healthCheck.check();
    expect(health).toMatchObject({ ok: true, details: { last_evaluated_at: new Date(NOW).toISOString(), error: null, webhook: null } });
    await m.stop();
  });
});
