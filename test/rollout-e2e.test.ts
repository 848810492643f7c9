// Rollouts end to end against a live server on 127.0.0.1 (createServer + listen on port 0,
// SQLite in a temp folder, short bakes): shadow, canary, blue-green, and a broken candidate
// rolled back by itself.
import { afterEach, describe, expect, it } from 'vitest';
import { isRiskgateError } from '../src/errors.js';
import type { RolloutDetail } from '../src/cli/commands/format-rollout.js';
import { startReceiver, type Receiver } from '../src/monitor/webhook-receiver.test-helper.js';
import { driveRollout, FAST_ROLLOUTS, PATIENTS, registerVersion, rolloutStatus, sendTraffic, startLiveServer, type BatchRow, type LiveServer } from './rollout-e2e-support.js';

let live: LiveServer | null = null;
afterEach(async () => {
  await live?.close();
  live = null;
});

const start = (l: LiveServer, body: Record<string, unknown>) => l.deployer.post<RolloutDetail>('/api/v1/rollouts', { reason: 'e2e test', ...body });
const versionsOf = (rows: readonly BatchRow[]) => new Set(rows.map((r) => r.prediction?.model.version));

describe('rollouts against a live server', () => {
  it('shadow: the candidate scores mirrored requests after the response, never answers, and the comparison has its numbers', async () => {
    live = await startLiveServer();
    const v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    const { rollout } = await start(live, { version: v2, strategy: 'shadow', mirror: 100 });
    expect(rollout).toMatchObject({ strategy: 'shadow', phase: 'progressing', candidate: v2, stable: live.v1, mirror_percent: 100, canary_weight: 0 });

    const answered: BatchRow[] = [];
    const done = await driveRollout(live, rollout.id, { onStatus: (_d, rows) => { answered.push(...rows); } });

    // Never answers: every client saw production.
    expect(answered.every((r) => r.ok && r.prediction?.model.version === live!.v1 && r.prediction.served_by === 'stable')).toBe(true);
    expect(done.rollout.phase, JSON.stringify(done.events.at(-1))).toBe('completed');
    expect(await live.server.deps.registry!.resolve('production')).toBe(live.v1);
    // The candidate's scores were recorded as the shadow arm, paired with the answered prediction.
    await live.server.deps.recorder.flush();
    const shadow = await live.server.deps.store.predictions.listWindow({ since: 0, arm: 'shadow', modelVersion: v2 }, 10);
    expect(shadow.length).toBeGreaterThan(0);
    expect(shadow[0].id.endsWith('.shadow')).toBe(true);
    const passed = done.events.find((e) => e.type === 'step' && e.data.verdict);
    const checks = (passed?.data.verdict as { checks: { name: string; status: string; numbers: Record<string, number | null> }[] }).checks;
    const names = checks.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['agreement', 'probability-delta']));
    const agreement = checks.find((c) => c.name === 'agreement')!;
    expect(agreement.status).toBe('pass');
    expect(Object.values(agreement.numbers).some((v) => typeof v === 'number' && v > 0)).toBe(true);
    expect(done.events.map((e) => e.type)).toEqual(['started', 'step', 'step', 'completed']);
  });

  it('canary: weights advance 20 → 50 → 100 only after a passing analysis, patients stay on their arm, promotion moves production', async () => {
    live = await startLiveServer();
    const v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    const { rollout } = await start(live, { version: v2, strategy: 'canary' });
    expect(rollout).toMatchObject({ strategy: 'canary', canary_weight: 20, steps: [20, 50, 100], step_index: 0 });
    // A second rollout in the same environment is refused.
    const second = await start(live, { version: v2, strategy: 'canary' }).catch((e: unknown) => e);
    expect(isRiskgateError(second, 'ROLLOUT_CONFLICT')).toBe(true);

    const cohort = Array.from({ length: 300 }, (_, i) => `sticky-${i}`);
    const canaryAt = new Map<number, Set<string>>();
    const weights: number[] = [];
    const done = await driveRollout(live, rollout.id, {
      onStatus: async (d) => {
        const w = d.rollout.canary_weight;
        if (weights.at(-1) !== w) weights.push(w);
        if (d.rollout.phase !== 'progressing' || canaryAt.has(w)) return;
        // The same patients at this weight: which of them the canary answers (only if the weight held meanwhile).
        const rows = await sendTraffic(live!.predictor, cohort.length, { ids: cohort });
        if ((await rolloutStatus(live!.viewer, rollout.id)).rollout.canary_weight !== w) return;
        canaryAt.set(w, new Set(rows.filter((r) => r.prediction?.served_by === 'canary').map((r) => r.prediction!.patient_id!)));
      },
    });

    expect(done.rollout.phase, JSON.stringify(done.events.at(-1))).toBe('completed');
    expect(weights.filter((w) => w > 0)).toEqual([20, 50, 100]);
    // Each weight change follows a step that passed its analysis, in order.
    // (A passing verdict may carry warnings, e.g. a moderate PSI: 'warn' passes, 'not-yet' and 'fail' never advance.)
    const passed = (status: string | undefined) => (status === 'pass' || status === 'warn' ? 'passed' : status ?? '');
    const log = done.events.map((e) => `${e.type}:${String(e.data.canaryWeight)}:${passed((e.data.verdict as { status?: string } | undefined)?.status)}`);
    expect(log, JSON.stringify(done.events.map((e) => e.message))).toEqual(['started:0:', 'step:20:', 'step:20:passed', 'step:50:', 'step:50:passed', 'step:100:', 'step:100:passed', 'completed:100:']);
    // Sticky: a patient on the canary at 20 % is still on it at 50 %.
    const at20 = canaryAt.get(20);
    const at50 = canaryAt.get(50);
    expect(at20 && at50).toBeTruthy();
    expect(at20!.size).toBeGreaterThan(20);
    for (const id of at20!) expect(at50!.has(id)).toBe(true);
    expect(at50!.size).toBeGreaterThan(at20!.size);
    // Promotion moved the production alias and traffic.
    expect(await live.server.deps.registry!.resolve('production')).toBe(v2);
    expect(versionsOf(await sendTraffic(live.predictor, 50))).toEqual(new Set([v2]));
  });

  it('blue-green: smoke-tested, the switch moves all traffic, the old version stays warm, rollback is instant', async () => {
    live = await startLiveServer();
    const v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    // A long bake with a large minimum keeps the switched rollout open while we look at it.
    const { rollout } = await start(live, { version: v2, strategy: 'blue-green', bake: '60s', min_samples: 100_000 });
    expect(rollout.smoke_test?.status).toBe('passed');

    const switched = await driveRollout(live, rollout.id, { perRound: 20, until: (r) => r.switched });
    expect(switched.rollout).toMatchObject({ phase: 'progressing', switched: true, canary_weight: 100 });
    expect(switched.rollout.smoke_test).toMatchObject({ status: 'passed' });
    expect(versionsOf(await sendTraffic(live.predictor, 40))).toEqual(new Set([v2]));
    // The old version stays loaded for an instant rollback.
    expect(live.server.deps.pool.get(live.v1)).toBeDefined();

    const back = await live.deployer.post<{ from: string; to: string; rollout: { phase: string } }>('/api/v1/rollback', { reason: 'e2e: instant rollback' });
    expect(back).toMatchObject({ to: live.v1, rollout: { phase: 'rolled-back' } });
    expect(versionsOf(await sendTraffic(live.predictor, 40))).toEqual(new Set([live.v1]));
    expect(await live.server.deps.registry!.resolve('production')).toBe(live.v1);
    const audit = await live.server.deps.audit.list({ action: 'rollouts.rollback' });
    expect(audit.items[0]?.details).toMatchObject({ reason: 'e2e: instant rollback' });
  });

  it('blue-green preview: header with a deployer key answers from the candidate, a predictor key is refused', async () => {
    live = await startLiveServer();
    const v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    const { rollout } = await start(live, { version: v2, strategy: 'blue-green', hold_preview: true });
    expect(rollout).toMatchObject({ phase: 'paused', preview: true, switched: false, smoke_test: { status: 'passed' } });
    const body = { patient_id: 'preview-1', features: PATIENTS[0].features };
    const viaPreview = await live.deployer.post<{ model: { version: string }; served_by: string }>('/api/v1/predict', body, { 'x-riskgate-preview': 'true' });
    expect(viaPreview).toMatchObject({ model: { version: v2 }, served_by: 'preview' });
    const plain = await live.deployer.post<{ model: { version: string } }>('/api/v1/predict', body);
    expect(plain.model.version).toBe(live.v1);
    const refused = await live.predictor.post('/api/v1/predict', body, { 'x-riskgate-preview': 'true' }).catch((e: unknown) => e);
    expect(isRiskgateError(refused, 'FORBIDDEN')).toBe(true);
    // Resuming switches every patient to the candidate at once.
    const resumed = await live.deployer.post<RolloutDetail>(`/api/v1/rollouts/${rollout.id}/resume`, { reason: 'preview checked' });
    expect(resumed.rollout).toMatchObject({ phase: 'progressing', switched: true, canary_weight: 100, preview: false });
    expect(versionsOf(await sendTraffic(live.predictor, 40))).toEqual(new Set([v2]));
  });

  it('a restarted server resumes the canary at the same step and weight, and never routes to an aborted candidate', async () => {
    live = await startLiveServer();
    const v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    const { rollout } = await start(live, { version: v2, strategy: 'canary', bake: '10m' });
    const dir = live.dir;
    await live.server.close(); // the folder stays: the next server opens the same database
    const second = await startLiveServer(undefined, { dir });
    try {
      expect(second.server.deps.router.plan()).toMatchObject({ rolloutId: rollout.id, stable: live.v1, canary: v2, canaryWeight: 20 });
      expect(versionsOf(await sendTraffic(second.predictor, 300))).toEqual(new Set([live.v1, v2]));
      await second.deployer.post(`/api/v1/rollouts/${rollout.id}/abort`, { reason: 'e2e: abort before restart' });
    } finally {
      await second.server.close();
    }
    const third = await startLiveServer(undefined, { dir });
    try {
      expect(third.server.deps.router.plan()).toMatchObject({ stable: live.v1, canary: null, canaryWeight: 0 });
      expect(versionsOf(await sendTraffic(third.predictor, 300))).toEqual(new Set([live.v1]));
      expect((await rolloutStatus(third.viewer, rollout.id)).rollout.phase).toBe('aborted');
    } finally {
      await third.server.close();
    }
  });

  it('a candidate with inverted risks is rolled back by the analysis, never answers again, and ALERT_WEBHOOK hears of it', async () => {
    const receiver = await startReceiver();
    live = await startLiveServer({ ...FAST_ROLLOUTS, alerts: { webhook_url: receiver.url } });
    try {
      await checkInvertedRollback(live, receiver);
    } finally {
      await receiver.close();
    }
  });

  async function checkInvertedRollback(live: LiveServer, receiver: Receiver): Promise<void> {
    const v3 = await registerVersion(live, 'uci:cleveland', { invert: true });
    const { rollout } = await start(live, { version: v3, strategy: 'canary' });
    const done = await driveRollout(live, rollout.id, { feedback: true });
    expect(done.rollout.phase).toBe('rolled-back');
    expect(done.rollout.outcome?.actor, JSON.stringify(done.rollout.outcome)).toBe('system');
    expect(done.rollout.analysis?.checks.some((c) => c.status === 'fail')).toBe(true);
    // The default rollout.analysis.failure_limit tolerates one failing analysis: the second in a row rolls back.
    expect(done.rollout.analysis?.failures_in_a_row).toBe(2);
    expect(done.rollout.outcome?.reason).toMatch(/^Analysis failed 2 times in a row: /);
    expect(await live.server.deps.registry!.resolve('production')).toBe(live.v1);
    expect(versionsOf(await sendTraffic(live.predictor, 500))).toEqual(new Set([live.v1]));
    // The rollback reached the audit log and the metrics.
    const audit = await live.server.deps.audit.list({ action: 'rollouts.rolled_back', target: rollout.id });
    expect(audit.items).toHaveLength(1);
    expect(await live.server.deps.metrics.registry.getSingleMetricAsString('riskgate_rollout_events_total')).toMatch(/event="rolled_back"} 1/);
    // The webhook got the start and the rollback as JSON with a readable text.
    const texts = () => receiver.bodies.map((b) => (b as { text: string; severity: string }));
    for (let i = 0; i < 100 && !texts().some((b) => /Analysis failed/.test(b.text)); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(texts().find((b) => /Analysis failed/.test(b.text))).toMatchObject({ severity: 'critical', text: expect.stringContaining(`Rollout ${rollout.id} of ${v3}`) });
    expect(texts().some((b) => /started a canary rollout/.test(b.text))).toBe(true);
  }

  it('a candidate that throws on a share of inputs trips its breaker; clients never see an error; it is rolled back', async () => {
    live = await startLiveServer();
    const v3 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
    const { rollout } = await start(live, { version: v3, strategy: 'canary' });
    // The loaded artifact fails on patients over 50 (about 70 % of them), as a broken build would:
    // five failures in a row open the breaker long before the other checks have their sample.
    const entry = live.server.deps.pool.get(v3)!;
    const predict = entry.model.predict.bind(entry.model);
    const ageAt = entry.model.signature.features.findIndex((f) => f.name === 'age');
    (entry.model as { predict: typeof predict }).predict = (x, n) => {
      if (x[ageAt] > 50) throw new Error('broken build: index out of range');
      return predict(x, n);
    };
    const answered: BatchRow[] = [];
    const done = await driveRollout(live, rollout.id, { onStatus: (_d, rows) => { answered.push(...rows); } });
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.ok)).toBe(true);
    expect(done.rollout.phase).toBe('rolled-back');
    expect(done.rollout.analysis?.checks.find((c) => c.name === 'circuit-breaker')?.status, JSON.stringify(done.events.at(-1)?.message)).toBe('fail');
    expect(versionsOf(await sendTraffic(live.predictor, 500))).toEqual(new Set([live.v1]));
  });
});

