import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureNames, HEART_SIGNATURE } from '../data/index.js';
import { LogisticModel } from '../model/index.js';
import { createMetrics, type AlertNotification } from '../monitor/index.js';
import { buildSmokeSet, type SmokeSet } from '../registry/index.js';
import { ModelPool, Router, stablePlan, type PooledModel } from '../serving/index.js';
import type { Store } from '../store/index.js';
import { openTempSqliteStore } from '../store/testing/temp-sqlite-store.js';
import { ServingEffectApplier } from './serving-effect-applier.js';

/** A small real logistic heart model whose age weight distinguishes versions. */
function heartModel(ageWeight: number): LogisticModel {
  const names = featureNames(HEART_SIGNATURE);
  return new LogisticModel({ featureNames: names, intercept: -1, impute: names.map(() => 0), terms: [{ feature: 0, code: null, weight: ageWeight, mean: 54 }] }, HEART_SIGNATURE);
}

let store: Store;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ store, dispose } = await openTempSqliteStore('applier'));
});
afterAll(() => dispose());

function setup() {
  const models: Record<string, LogisticModel> = { v1: heartModel(0.05), v2: heartModel(0.06), broken: heartModel(0.07) };
  // The smoke sets were recorded at registration; 'broken' claims v2's outputs but computes differently.
  const smoke: Record<string, SmokeSet> = { v2: buildSmokeSet(models.v2, null), broken: buildSmokeSet(models.v2, null) };
  const pool = new ModelPool(async (version): Promise<PooledModel> => {
    const model = models[version];
    if (!model) throw new Error(`no artifact for ${version}`);
    return { version, checksum: `sha-${version}`, model, threshold: 0.5, loadedAt: 0 };
  });
  const router = new Router({ key: 'k', plan: stablePlan('v1') });
  const metrics = createMetrics();
  const sent: AlertNotification[] = [];
  const promoted: string[] = [];
  const applier = new ServingEffectApplier({
    pool, router, metrics, audit: store.audit, notifier: { notify: (n) => sent.push(n) },
    promote: async (version, alias, move) => { promoted.push(`${alias}=${version} by ${move.actor}`); },
    smokeSetOf: async (version) => smoke[version] ?? null,
  });
  return { pool, router, metrics, sent, promoted, applier };
}

const context = (rolloutId: string | null = 'ro_1') => ({ env: 'staging', rolloutId, at: Date.UTC(2026, 10, 23) });

describe('ServingEffectApplier', () => {
  it('loads before routing, sets the plan and its weight metrics, and refuses to unload a routed version', async () => {
    const { pool, router, metrics, applier } = setup();
    await applier.setTrafficPlan({ rolloutId: 'ro_1', stable: 'v1', canary: 'v2', canaryWeight: 25 }, context());
    expect(pool.get('v2')?.checksum).toBe('sha-v2');
    expect(router.plan()).toMatchObject({ canary: 'v2', canaryWeight: 25 });
    const text = await metrics.registry.getSingleMetricAsString('riskgate_rollout_weight_ratio');
    expect(text).toContain('rollout_id="ro_1",model_version="v2",arm="canary"} 0.25');
    await applier.unloadModel('v2', context());
    expect(pool.get('v2')).toBeDefined();
    await applier.setTrafficPlan(stablePlan('v1'), context());
    await applier.unloadModel('v2', context());
    expect(pool.get('v2')).toBeUndefined();
    await expect(applier.loadModel('v9', context())).rejects.toThrow(/no artifact/);
  });

  it('records events in the audit log and metrics, and notifies with a readable text', async () => {
    const { metrics, sent, applier } = setup();
    const rolloutId = `ro_${randomUUID()}`;
    await applier.recordEvent({ type: 'rolled_back', actor: 'system', message: 'Error rate 8 % above 5 %.', data: { phase: 'rolled-back', step: 1 } }, context(rolloutId));
    await applier.notify('critical', 'Rollout rolled back.', context(rolloutId));
    const audit = await store.audit.list({ target: rolloutId });
    expect(audit.items[0]).toMatchObject({ action: 'rollouts.rolled_back', actor: 'system', result: 'ok' });
    expect(audit.items[0].details).toMatchObject({ env: 'staging', message: 'Error rate 8 % above 5 %.' });
    expect(await metrics.registry.getSingleMetricAsString('riskgate_rollout_events_total')).toContain('event="rolled_back"} 1');
    expect(sent[0]).toMatchObject({ text: 'Rollout rolled back.', severity: 'critical', environment: 'staging', incidentId: rolloutId });
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('smoke-tests the loaded version against its stored smoke set', async () => {
    const { applier, promoted } = setup();
    expect(await applier.runSmokeTest('v2')).toMatchObject({ passed: true, summary: expect.stringMatching(/20 of 20/) });
    const broken = await applier.runSmokeTest('broken');
    expect(broken.passed).toBe(false);
    expect(broken.summary).toMatch(/of 20 smoke cases differ/);
    expect((await applier.runSmokeTest('v1')).summary).toMatch(/no smoke set/);
    await applier.moveAlias('production', 'v2', { actor: 'alice', reason: 'canary passed' }, context());
    expect(promoted).toEqual(['production=v2 by alice']);
  });
});
