import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type AlertRepository, type Store } from '../store/index.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertManager, type Scheduler } from './alert-manager.js';
import type { AlertNotification } from './alert-notification.js';
import { EMPTY_SNAPSHOT, type AlertSnapshot } from './alert-snapshot.js';
import { MemoryIncidentStore, type IncidentStore } from './incident-store.js';
import { createMetrics } from './metrics.js';
import { WebhookNotifier } from './webhook-notifier.js';
import { startReceiver, type Receiver } from './webhook-receiver.test-helper.js';

// The store's alert repository must plug straight in (a compile-time check).
const _fits: (r: AlertRepository) => IncidentStore = (r) => r;

let dir: string;
let sqlite: Store;
let receiver: Receiver;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'riskgate-alerts-'));
  receiver = await startReceiver();
});
afterAll(async () => {
  await sqlite?.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const texts = () => receiver.bodies.map((b) => (b as AlertNotification).text);

/** A manager over `incidents` whose clock and snapshot the test controls. */
function harness(incidents: IncidentStore) {
  const h = { now: 1_000_000, snapshot: { ...EMPTY_SNAPSHOT, memoryFraction: 0.5 } as AlertSnapshot };
  const notifier = new WebhookNotifier({ url: receiver.url, baseDelayMs: 1 });
  const metrics = createMetrics();
  const manager = new AlertManager({
    evaluator: new AlertEvaluator({ forMs: 0, resolveAfterMs: 0 }),
    snapshot: () => h.snapshot, incidents, notifier, metrics, intervalMs: 1000, environment: 'staging', clock: () => h.now,
  });
  return { h, notifier, manager, metrics };
}

describe.each([
  ['memory', async () => new MemoryIncidentStore()],
  ['sqlite store.alerts', async () => {
    if (!sqlite) {
      sqlite = await openStore(`sqlite:${join(dir, 'alerts.db')}`);
      expect((await sqlite.migrate()).error).toBeNull();
    }
    return sqlite.alerts;
  }],
])('AlertManager with %s incidents', (_name, makeStore) => {
  it('notifies once when an alert fires and once when it resolves', async () => {
    receiver.bodies.length = 0;
    const incidents = await makeStore();
    const { h, notifier, manager, metrics } = harness(incidents);
    expect(await manager.tick()).toEqual([]);
    h.snapshot = { ...EMPTY_SNAPSHOT, memoryFraction: 0.93 };
    for (let k = 0; k < 3; k++) {
      h.now += 1000;
      await manager.tick();
    }
    await notifier.idle();
    expect(texts()).toEqual(['[FIRING] warning [staging]: HighMemory — memory at 93.0 % of the limit (limit 85.0 %)']);
    expect(await metrics.registry.getSingleMetricAsString('riskgate_alerts_firing')).toContain('riskgate_alerts_firing{alert="HighMemory",severity="warning"} 1');
    const [open] = await incidents.list({ state: 'firing' });
    expect(open).toMatchObject({ rule: 'HighMemory', key: '', severity: 'warning', startedAt: 1_001_000, lastNotifiedAt: 1_001_000 });

    // A restarted process (same store) takes the incident over without announcing it again.
    const restarted = harness(incidents);
    restarted.h.snapshot = h.snapshot;
    restarted.h.now = h.now + 1000;
    expect((await restarted.manager.tick()).length).toBe(0);
    h.now = restarted.h.now + 60_000;
    restarted.h.now = h.now;
    restarted.h.snapshot = { ...EMPTY_SNAPSHOT, memoryFraction: 0.4 };
    const resolvedBy = await restarted.manager.tick();
    expect(resolvedBy.map((t) => t.type)).toEqual(['resolved']);
    await restarted.notifier.idle();
    expect(texts()).toHaveLength(2);
    expect(texts()[1]).toBe('[RESOLVED] [staging]: HighMemory — back to normal after 1 min');
    expect(receiver.bodies[1]).toMatchObject({ status: 'resolved', incidentId: open.id, resolvedAt: new Date(h.now).toISOString() });
    const [done] = await incidents.list({ state: 'resolved' });
    expect(done).toMatchObject({ id: open.id, state: 'resolved', resolvedAt: h.now });

    // The original process sees the condition gone too, but the store says it is resolved already.
    h.snapshot = restarted.h.snapshot;
    await manager.tick();
    await notifier.idle();
    expect(texts()).toHaveLength(2);
    expect(await metrics.registry.getSingleMetricAsString('riskgate_alerts_firing')).not.toContain('HighMemory');
  });

  it('two replicas sharing incidents announce a new incident once', async () => {
    receiver.bodies.length = 0;
    const incidents = await makeStore();
    const a = harness(incidents);
    const b = harness(incidents);
    for (const r of [a, b]) r.h.snapshot = { ...EMPTY_SNAPSHOT, breakers: [{ modelVersion: '9.9.9', open: true }] };
    await Promise.all([a.manager.tick(), b.manager.tick()]);
    await Promise.all([a.notifier.idle(), b.notifier.idle()]);
    expect(texts().filter((t) => t.includes('BreakerOpen'))).toHaveLength(1);
    for (const r of [a, b]) r.h.snapshot = EMPTY_SNAPSHOT;
    await Promise.all([a.manager.tick(), b.manager.tick()]);
    await Promise.all([a.notifier.idle(), b.notifier.idle()]);
    expect(texts().filter((t) => t.includes('BreakerOpen'))).toEqual([
      '[FIRING] critical [staging]: BreakerOpen — circuit breaker of 9.9.9 is open: its traffic falls back to the stable model',
      '[RESOLVED] [staging]: BreakerOpen — 9.9.9 back to normal after 0 min',
    ]);
  });
});

describe('AlertManager scheduling and failures', () => {
  it('ticks on the injected schedule and stops', async () => {
    let fire: (() => void) | null = null;
    const scheduler: Scheduler = { setInterval: (fn) => { fire = fn; return 1; }, clearInterval: () => { fire = null; } };
    let snapshots = 0;
    const m = new AlertManager({ evaluator: new AlertEvaluator(), snapshot: () => { snapshots++; return EMPTY_SNAPSHOT; }, incidents: new MemoryIncidentStore(), intervalMs: 5000, scheduler });
    m.start();
    m.start(); // idempotent
    fire!();
    await m.stop();
    expect(snapshots).toBe(1);
    expect(fire).toBeNull();
  });

  it('reports a failing snapshot or store instead of throwing, and retries next tick', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const incidents = new MemoryIncidentStore();
    const m = new AlertManager({
      evaluator: new AlertEvaluator({ forMs: 0 }), incidents, intervalMs: 1000, clock: () => 5, onError: (e) => errors.push(e),
      snapshot: () => {
        if (fail) throw new Error('store down');
        return { ...EMPTY_SNAPSHOT, memoryFraction: 0.99 };
      },
    });
    expect(await m.tick()).toEqual([]);
    expect(String(errors[0])).toContain('store down');
    fail = false;
    expect((await m.tick()).map((t) => t.alert.rule)).toEqual(['HighMemory']);
    expect(m.firing()).toHaveLength(1);
  });
});
