import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../data/index.js';
import type { AlertNotification } from '../monitor/index.js';
import { startReceiver, type Receiver } from '../monitor/webhook-receiver.test-helper.js';
import { startTestServer, type TestServer } from '../../test/helpers/test-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RULE = 'LowRealizedAccuracy';
/** Upper bound of every wait: evaluations run each second, so this is many ticks. */
const WAIT_MS = 20_000;

async function call(s: TestServer, method: 'GET' | 'POST', url: string, key: string | null, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await s.app.inject({ method, url, payload: body as never, headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.statusCode, body: JSON.parse(res.body) as Json };
}

/** Polls `probe` until it returns a value (not undefined), failing after WAIT_MS. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('alerts in the server, sent to a real webhook', () => {
  let receiver: Receiver;
  let s: TestServer;
  let predictor: string;
  let viewer: string;
  const notes = (): AlertNotification[] => (receiver.bodies as AlertNotification[]).filter((b) => b.rule === RULE);
  /** The time of the last alert evaluation, from /health/detailed. */
  const lastEvaluation = async (): Promise<string | null> => {
    const health = await call(s, 'GET', '/health/detailed', null);
    return (health.body.components as Json[]).find((c) => c.name === 'alerts')?.details.last_evaluated_at ?? null;
  };
  /** Waits until `n` more evaluations have run. */
  const evaluations = async (n: number): Promise<void> => {
    for (let k = 0; k < n; k++) {
      const before = await lastEvaluation();
      await waitFor('an alert evaluation', async () => ((await lastEvaluation()) !== before ? true : undefined));
    }
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    s = await startTestServer({ overrides: { alerts: { webhook_url: receiver.url, evaluate_interval_seconds: 1, for_seconds: 0, resolve_after_seconds: 0 } } });
    const key = async (role: string) => (await call(s, 'POST', '/api/v1/keys', s.adminKey, { role, name: role })).body.key as string;
    predictor = await key('predictor');
    viewer = await key('viewer');
  }, 60_000);
  afterAll(async () => {
    await s?.dispose();
    await receiver?.close();
  });

  it('fires once on realized accuracy below 0.80, never repeats while firing, and resolves with a message', async () => {
    // 60 Cleveland patients scored, then outcomes that contradict every decision: accuracy 0.
    const d = loadDataset('uci:cleveland');
    const p = d.features.length;
    const patients = Array.from({ length: 60 }, (_, i) => ({ features: Object.fromEntries(d.features.map((f, j) => [f, Number.isNaN(d.x[i * p + j]) ? null : d.x[i * p + j]])) }));
    const batch = await call(s, 'POST', '/api/v1/predict/batch', predictor, { patients });
    const answers = (batch.body.results as Json[]).filter((r) => r.ok).map((r) => r.prediction as Json);
    expect(answers.length).toBe(60);
    const decision = (a: Json): 0 | 1 => (a.risk.probability >= a.risk.threshold ? 1 : 0);
    const first = Date.now() - 60_000;
    for (const a of answers) {
      expect((await call(s, 'POST', '/api/v1/feedback', predictor, { prediction_id: a.prediction_id, outcome: 1 - decision(a), observed_at: first })).status).toBe(201);
    }

    const fired = await waitFor('the firing notification', () => notes()[0]);
    const version = answers[0].model.version as string;
    expect(fired).toMatchObject({ status: 'firing', rule: RULE, key: version, severity: 'warning', value: 0, threshold: 0.8, environment: 'development', resolvedAt: null });
    // The evaluator may run while the outcomes are still being posted: it fires on the labelled
    // cases it has seen, all of them wrong.
    const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(fired.text).toMatch(new RegExp(`^${esc(`[FIRING] warning [development]: ${RULE} — realized accuracy 0.0 % of ${version} over `)}\\d+ labelled cases \\(minimum 80\\.0 %\\)$`));
    const firing = (await call(s, 'GET', '/api/v1/alerts?state=firing', viewer)).body.alerts as Json[];
    expect(firing.find((a) => a.rule === RULE)).toMatchObject({ id: fired.incidentId, severity: 'warning', state: 'firing', resolved_at: null, message: fired.summary });
    expect(await s.deps.metrics.realizedAccuracy.get()).toMatchObject({ values: [{ labels: { model_version: version }, value: 0 }] });
    const memory = (await s.deps.metrics.memoryUsage.get()).values[0].value;
    expect(memory).toBeGreaterThan(0);
    expect(memory).toBeLessThan(1);

    // Still wrong three evaluations later: still one notification.
    await evaluations(3);
    expect(notes()).toHaveLength(1);

    // The right outcomes arrive later and replace the wrong ones (latest outcome wins): accuracy 1.
    for (const a of answers) {
      expect((await call(s, 'POST', '/api/v1/feedback', predictor, { prediction_id: a.prediction_id, outcome: decision(a) })).status).toBe(201);
    }
    const resolved = await waitFor('the resolve notification', () => notes()[1]);
    expect(resolved).toMatchObject({ status: 'resolved', rule: RULE, key: version, incidentId: fired.incidentId });
    expect(resolved.text).toMatch(new RegExp(`^\\[RESOLVED\\] \\[development\\]: ${RULE} — ${version.replace(/\./g, '\\.')} back to normal after \\d+ min$`));
    expect(Date.parse(resolved.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(fired.startedAt));
    const stored = ((await call(s, 'GET', '/api/v1/alerts?state=resolved', viewer)).body.alerts as Json[]).find((a) => a.id === fired.incidentId);
    expect(stored).toMatchObject({ rule: RULE, state: 'resolved', resolved_at: resolved.resolvedAt });
    expect((await call(s, 'GET', '/api/v1/alerts?state=firing', viewer)).body.alerts.some((a: Json) => a.rule === RULE)).toBe(false);
    expect(await s.deps.metrics.realizedAccuracy.get()).toMatchObject({ values: [{ value: 1 }] });
    await evaluations(2);
    expect(notes()).toHaveLength(2);
  }, 60_000);

  it('fires FeatureDrift for cholesterol once Swiss patients arrive, and publishes the PSI gauge', async () => {
    const swiss = loadDataset('uci:switzerland');
    const p = swiss.features.length;
    const patients = Array.from({ length: swiss.n }, (_, i) => ({ features: Object.fromEntries(swiss.features.map((f, j) => [f, Number.isNaN(swiss.x[i * p + j]) ? null : swiss.x[i * p + j]])) }));
    const batch = await call(s, 'POST', '/api/v1/predict/batch', predictor, { patients });
    expect(batch.body.summary.succeeded).toBeGreaterThanOrEqual(100);
    const version = (batch.body.results as Json[]).find((r) => r.ok)!.prediction.model.version as string;
    const drift = (): AlertNotification[] => (receiver.bodies as AlertNotification[]).filter((b) => b.rule === 'FeatureDrift' && b.key === `${version}/chol`);
    const fired = await waitFor('the FeatureDrift notification for chol', () => drift()[0]);
    expect(fired.status).toBe('firing');
    expect(fired.value).toBeGreaterThan(0.25);
    expect(fired.text).toBe(`[FIRING] warning [development]: FeatureDrift — chol has drifted for ${version}: PSI ${fired.value.toFixed(2)} (limit 0.25)`);
    const psi = (await s.deps.metrics.driftPsi.get()).values.find((v) => v.labels.feature === 'chol' && v.labels.model_version === version);
    expect(psi?.value).toBeGreaterThan(0.25);
    await evaluations(2);
    expect(drift()).toHaveLength(1);
  }, 60_000);
});
