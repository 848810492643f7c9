import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset, subsetDataset, type Dataset } from '../data/index.js';
import { writeArtifact } from '../model/index.js';
import { buildReferenceProfile, REFERENCE_PROFILE_FILE, type DriftResponse } from '../monitor/index.js';
import { stablePlan } from '../serving/index.js';
import { computeAuc } from '../stats/index.js';
import { trainingMetadata, trainModel } from '../train/index.js';
import { fetchDrift, formatDriftResponse } from '../cli/commands/drift.js';
import { startTestServer, type TestServer } from '../../test/helpers/test-server.js';
import { NO_REFERENCE_PROFILE } from './reference-profiles.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cleveland = loadDataset('uci:cleveland');
// Held out: Cleveland patients the model and its reference profile never saw (every other row).
const trainRows = Array.from({ length: cleveland.n }, (_, i) => i).filter((i) => i % 2 === 0);
const heldOutRows = Array.from({ length: cleveland.n }, (_, i) => i).filter((i) => i % 2 === 1);

/** A patient's features as the API takes them (missing values as null). */
function patientsOf(d: Dataset): { features: Record<string, number | null> }[] {
  const p = d.features.length;
  return Array.from({ length: d.n }, (_, i) => ({
    features: Object.fromEntries(d.features.map((f, j) => [f, Number.isNaN(d.x[i * p + j]) ? null : d.x[i * p + j]])),
  }));
}

async function call(s: TestServer, method: 'GET' | 'POST', url: string, key: string | null, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await s.app.inject({ method, url, payload: body as never, headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.statusCode, body: JSON.parse(res.body) as Json };
}

/** Scores every patient of `d` through the batch route; returns each row's answer (null when refused). */
async function replay(s: TestServer, key: string, d: Dataset): Promise<({ id: string; probability: number; threshold: number } | null)[]> {
  const res = await call(s, 'POST', '/api/v1/predict/batch', key, { patients: patientsOf(d) });
  expect(res.status).toBe(200);
  return (res.body.results as Json[]).map((r) => (r.ok ? { id: r.prediction.prediction_id, probability: r.prediction.risk.probability, threshold: r.prediction.risk.threshold } : null));
}

describe('monitoring routes over real replays', () => {
  let s: TestServer;
  let viewer: string;
  let predictor: string;
  let version: string;

  beforeAll(async () => {
    s = await startTestServer();
    const key = async (role: string) => (await call(s, 'POST', '/api/v1/keys', s.adminKey, { role, name: role })).body.key as string;
    viewer = await key('viewer');
    predictor = await key('predictor');
    // A model trained on half of Cleveland, its reference profile from that half, made production.
    const train = subsetDataset(cleveland, trainRows, 'uci:cleveland[even rows]');
    const trained = trainModel(train, { algorithm: 'logistic', signature: HEART_SIGNATURE, seed: 1 });
    const risks = trained.model.predict(train.x, train.n).map((q) => q.probability);
    const dir = join(s.dir, 'half-cleveland');
    writeArtifact(dir, {
      model: trained.model, metadata: trainingMetadata(trained, train, {}, 0.5),
      extraFiles: { [REFERENCE_PROFILE_FILE]: JSON.stringify(buildReferenceProfile(train, { signature: HEART_SIGNATURE, risks })) },
    });
    const registry = s.deps.registry!;
    version = (await registry.register(dir, { actor: 'test' })).version;
    await registry.promote(version, 'production', { actor: 'test', reason: 'held-out drift test' });
    await s.deps.pool.ensureLoaded(version);
    s.deps.router.setPlan(stablePlan(version));
  }, 60_000);
  afterAll(async () => s?.dispose());

  it('keeps the reference profile in the registered artifact, under its checksums', async () => {
    const info = await s.deps.registry!.get(version);
    const integrity = await s.deps.registry!.verify(version);
    expect(integrity.ok).toBe(true);
    const { readArtifact } = await import('../model/index.js');
    expect(readArtifact(info.path).files).toContain(REFERENCE_PROFILE_FILE);
  });

  it('says "not enough data" before 100 predictions, never "no drift"', async () => {
    const drift = await call(s, 'GET', `/api/v1/monitoring/drift?version=${version}`, viewer);
    expect(drift.status).toBe(200);
    const [report] = (drift.body as DriftResponse).reports;
    expect(report).toMatchObject({ modelVersion: version, n: 0, verdict: 'not_enough_data', referenceDataset: 'uci:cleveland[even rows]' });
  });

  it('finds no drift for held-out Cleveland patients, and drift for the Swiss ones (cholesterol missing)', async () => {
    const answered = (await replay(s, predictor, subsetDataset(cleveland, heldOutRows))).filter((a) => a !== null);
    expect(answered.length).toBeGreaterThanOrEqual(140);
    const clean = (await call(s, 'GET', `/api/v1/monitoring/drift?version=${version}&window=15m&arm=stable`, viewer)).body as DriftResponse;
    expect(clean.reports).toHaveLength(1);
    expect(clean.reports[0]).toMatchObject({ modelVersion: version, arm: 'stable', n: answered.length, verdict: 'no_drift' });
    expect(clean.reports[0].features.every((f) => f.verdict === 'no_drift')).toBe(true);

    // Then the Swiss patients: their cholesterol was never measured.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    const swissAnswers = (await replay(s, predictor, loadDataset('uci:switzerland'))).filter((a) => a !== null);
    expect(swissAnswers.length).toBeGreaterThanOrEqual(100);
    const mixed = ((await call(s, 'GET', `/api/v1/monitoring/drift?version=${version}`, viewer)).body as DriftResponse).reports[0];
    expect(mixed.n).toBe(answered.length + swissAnswers.length);
    expect(mixed.verdict).toBe('drift');
    // The Swiss window alone (exact bounds through the service the route calls).
    const now = Date.now();
    const alone = (await s.deps.monitoring!.drift({ version, windowMs: now - started }, now)).reports[0];
    expect(alone.n).toBe(swissAnswers.length);
    expect(alone.verdict).toBe('drift');
    for (const report of [mixed, alone]) {
      const chol = report.features.find((f) => f.feature === 'chol')!;
      expect(chol.verdict).toBe('drift');
      expect(chol.missingRate.reference).toBe(0);
      expect(chol.missingRate.live).toBeGreaterThan(0.3);
      expect(chol.psi).toBeGreaterThan(0.25);
    }
  });

  it('shows realized AUC with intervals and counts once outcomes are fed back', async () => {
    const rows = heldOutRows.slice(0, 120);
    const answers = await replay(s, predictor, subsetDataset(cleveland, rows));
    const labelled = answers.map((a, k) => ({ a, y: cleveland.y[rows[k]] as 0 | 1 })).filter((r) => r.a !== null);
    for (const { a, y } of labelled) {
      const res = await call(s, 'POST', '/api/v1/feedback', predictor, { prediction_id: a!.id, outcome: y });
      expect(res.status).toBe(201);
    }
    const perf = await call(s, 'GET', `/api/v1/monitoring/performance?version=${version}&bucket=1h`, viewer);
    expect(perf.status).toBe(200);
    const [v] = perf.body.versions as Json[];
    expect(v.modelVersion).toBe(version);
    expect(v.overall.n).toBe(labelled.length);
    expect(v.overall.positives).toBe(labelled.filter((r) => r.y === 1).length);
    const y = Uint8Array.from(labelled, (r) => r.y);
    const p = Float64Array.from(labelled, (r) => r.a!.probability);
    expect(v.overall.auc.value).toBeCloseTo(computeAuc(y, p), 12);
    expect(v.overall.auc.lower).toBeLessThan(v.overall.auc.value);
    expect(v.overall.auc.upper).toBeGreaterThan(v.overall.auc.value);
    const correct = labelled.filter((r) => (r.a!.probability >= r.a!.threshold ? 1 : 0) === r.y).length;
    expect(v.overall.accuracy.value).toBeCloseTo(correct / labelled.length, 12);
    expect(v.buckets.reduce((a: number, b: Json) => a + b.n, 0)).toBe(labelled.length);
    expect(v.buckets[0].to - v.buckets[0].from).toBe(3_600_000);
    expect((await call(s, 'GET', '/api/v1/monitoring/performance?bucket=1ms', viewer)).body.error.code).toBe('BAD_REQUEST');
    expect((await call(s, 'GET', '/api/v1/monitoring/performance?since=yesterday', viewer)).body.error.code).toBe('BAD_REQUEST');
  });

  it('shows live arm statistics and needs a key', async () => {
    const live = await call(s, 'GET', '/api/v1/monitoring/live', viewer);
    expect(live.status).toBe(200);
    const arm = (live.body.arms as Json[]).find((a) => a.version === version && a.arm === 'stable')!;
    expect(arm.count).toBeGreaterThan(200);
    expect(arm.error_rate).toBe(0);
    expect(arm.requests_per_s).toBeCloseTo(arm.count / s.config.monitoring.window_seconds, 12);
    expect(arm.mean_risk).toBeGreaterThan(0);
    expect(arm.mean_risk).toBeLessThan(1);
    expect(arm.p95_ms).toBeGreaterThanOrEqual(0);
    expect((await call(s, 'GET', '/api/v1/monitoring/live', null)).status).toBe(401);
    expect((await call(s, 'GET', '/api/v1/monitoring/drift?window=forever', viewer)).body.error.code).toBe('BAD_REQUEST');
  });

  it('answers the riskgate drift command over HTTP with the shape it prints', async () => {
    const address = await s.app.listen({ port: 0, host: '127.0.0.1' });
    const resp = await fetchDrift({ baseUrl: address, apiKey: viewer, version, window: '1h' });
    const text = formatDriftResponse(resp);
    expect(text).toContain(`Model ${version} (stable): ${resp.reports[0].n} predictions from `);
    expect(text).toMatch(/against uci:cleveland\[even rows\] — DRIFT/);
    expect(text).toMatch(/^chol\s+DRIFT\s+\d+\.\d{3}\s+ks=/m);
    expect(text).toMatch(/^predicted risk\s+/m);
  });

  it('says clearly that an imported model has no reference profile (no 500)', async () => {
    const registry = s.deps.registry!;
    const fixture = new URL('../../test/fixtures/xgboost/depth3-named.json', import.meta.url).pathname;
    const imported = (await registry.importXgboost(fixture, { actor: 'test', signature: HEART_SIGNATURE })).version;
    await registry.promote(imported, 'production', { actor: 'test', reason: 'imported model without a profile' });
    await s.deps.pool.ensureLoaded(imported);
    s.deps.router.setPlan(stablePlan(imported));
    const answered = (await replay(s, predictor, subsetDataset(cleveland, heldOutRows.slice(0, 20)))).filter((a) => a !== null);
    const drift = await call(s, 'GET', '/api/v1/monitoring/drift', viewer);
    expect(drift.status).toBe(200);
    const body = drift.body as DriftResponse;
    expect(body.unavailable).toEqual([{ modelVersion: imported, arm: 'stable', n: answered.length, reason: NO_REFERENCE_PROFILE }]);
    expect(body.reports.map((r) => r.modelVersion)).toEqual([version]);
    const only = (await call(s, 'GET', `/api/v1/monitoring/drift?version=${imported}`, viewer)).body as DriftResponse;
    expect(only.reports).toEqual([]);
    expect(formatDriftResponse(only)).toContain(`Model ${imported} (stable): ${answered.length} predictions, not compared — no reference profile`);
  });
});
