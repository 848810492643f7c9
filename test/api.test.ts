import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRiskgateError } from '../src/api/index.js';
import { DEFAULT_HEART_ALGORITHM } from '../src/train/index.js';
import { PATIENT, startTestServer, type TestServer } from './helpers/test-server.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('HTTP API (SQLite)', () => {
  let s: TestServer;
  let admin: string;
  let predictor: string;
  let viewer: string;

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, key: string | null, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await s.app.inject({ method, url, payload: body as never, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : null) as Json, headers: res.headers };
  };
  const newKey = async (role: string, extra: Json = {}) => (await call('POST', '/api/v1/keys', admin, { role, name: `${role} key`, ...extra })).body.key as string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = s.adminKey as string;
    expect(admin).toMatch(/^rg_live_/);
    predictor = await newKey('predictor');
    viewer = await newKey('viewer');
  });
  afterAll(async () => s?.dispose());

  describe('health', () => {
    it('is live, ready, and details components and models without secrets', async () => {
      expect((await call('GET', '/health', null)).body).toEqual({ status: 'ok' });
      expect(await call('GET', '/health/ready', null)).toMatchObject({ status: 200, body: { status: 'ready', failing: [] } });
      const d = await call('GET', '/health/detailed', null);
      expect(d.status).toBe(200);
      const status = Object.fromEntries(d.body.components.map((c: Json) => [c.name, c.status]));
      expect(status).toMatchObject({ store: 'up', production_model: 'up', recorder: 'up', model_artifacts: 'up' });
      expect(d.body.models[0]).toMatchObject({ role: 'stable', algorithm: DEFAULT_HEART_ALGORITHM });
      expect(d.body.models[0].checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(d.body.uptime_seconds).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(d.body)).not.toContain(s.config.secret.key);
    });

    it('shows a tampered artifact in model_artifacts, naming the file, and stays ready', async () => {
      const version = s.deps.router.stableVersion() as string;
      const file = join(s.config.models.path, version, 'metadata.json');
      const original = readFileSync(file);
      writeFileSync(file, '{}');
      try {
        const d = await call('GET', '/health/detailed', null);
        const artifacts = d.body.components.find((c: Json) => c.name === 'model_artifacts');
        expect(artifacts).toMatchObject({ status: 'down', essential: false, details: { versions: [{ version, ok: false, file: 'metadata.json' }] } });
        expect((await call('GET', '/health/ready', null)).status).toBe(200);
      } finally {
        writeFileSync(file, original);
      }
      expect((await call('GET', '/health/detailed', null)).body.components.find((c: Json) => c.name === 'model_artifacts').status).toBe('up');
    });

    it('is not ready without a production model', async () => {
      const plan = s.deps.router.plan()!;
      s.deps.pool.remove(plan.stable);
      try {
        expect(await call('GET', '/health/ready', null)).toMatchObject({ status: 503, body: { status: 'not_ready', failing: ['production_model'] } });
        expect((await call('POST', '/api/v1/predict', predictor, { features: PATIENT })).body.error.code).toBe('NO_PRODUCTION_MODEL');
      } finally {
        await s.deps.pool.ensureLoaded(plan.stable);
      }
    });
  });

  describe('predict', () => {
    it('answers the nested form with risk, model and a sorted exact explanation', async () => {
      const r = await call('POST', '/api/v1/predict', predictor, { patient_id: 'p-1', features: PATIENT });
      expect(r.status).toBe(200);
      expect(Object.keys(r.body).sort()).toEqual(['explanation', 'latency_ms', 'model', 'patient_id', 'prediction_id', 'risk', 'served_by']);
      expect(r.body).toMatchObject({ patient_id: 'p-1', served_by: 'stable', model: { version: s.deps.router.stableVersion() } });
      expect(r.body.risk.probability).toBeGreaterThan(0);
      expect(['low', 'moderate', 'high']).toContain(r.body.risk.band);
      const e = r.body.explanation;
      expect(e.space).toBe('log-odds');
      expect(e.contributions).toHaveLength(13);
      const sizes = e.contributions.map((c: Json) => Math.abs(c.contribution));
      expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
      const raw = e.contributions.reduce((sum: number, c: Json) => sum + c.contribution, e.base_value);
      expect(1 / (1 + Math.exp(-raw))).toBeCloseTo(r.body.risk.probability, 9);
      expect(r.headers['x-request-id']).toBeTruthy();
    });

    it('accepts the flat seed form, ?explain=false, and the /api/risk alias', async () => {
      const flat = await call('POST', '/api/risk/predict?explain=false', predictor, { patient_id: 'p-2', ...PATIENT });
      expect(flat.status).toBe(200);
      expect(flat.body.explanation).toBeNull();
      const nested = await call('POST', '/api/v1/predict', predictor, { features: PATIENT });
      expect(nested.body.risk.probability).toBeCloseTo(flat.body.risk.probability, 12);
      expect(nested.body.patient_id).toBeNull();
    });

    it('rejects bad input with 400 VALIDATION_FAILED naming every field', async () => {
      const r = await call('POST', '/api/v1/predict', predictor, { features: { ...PATIENT, age: 900, chol: '233', thal: 4, colour: 'red' } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(r.body.error.details.problems.map((p: Json) => p.field).sort()).toEqual(['age', 'chol', 'colour', 'thal']);
      const schema = await call('POST', '/api/v1/predict?explain=maybe', predictor, { features: PATIENT });
      expect(schema.status).toBe(400);
      expect(schema.body.error.details.problems[0].field).toBe('querystring.explain');
    });

    it('maps auth, method, route, media type and size errors to their codes', async () => {
      expect((await call('POST', '/api/v1/predict', null, { features: PATIENT })).body.error.code).toBe('UNAUTHENTICATED');
      expect((await call('POST', '/api/v1/predict', 'rg_live_notakey', { features: PATIENT })).status).toBe(401);
      expect(await call('POST', '/api/v1/predict', viewer, { features: PATIENT })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
      expect(await call('GET', '/api/v1/predict', predictor)).toMatchObject({ status: 405, body: { error: { code: 'METHOD_NOT_ALLOWED' } } });
      expect(await call('GET', '/api/v1/nothing-here', predictor)).toMatchObject({ status: 404, body: { error: { code: 'ROUTE_NOT_FOUND' } } });
      const text = await s.app.inject({ method: 'POST', url: '/api/v1/predict', payload: 'age=63', headers: { authorization: `Bearer ${predictor}`, 'content-type': 'text/plain' } });
      expect([text.statusCode, JSON.parse(text.body).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const big = await call('POST', '/api/v1/predict', predictor, { features: PATIENT, pad: 'x'.repeat(s.config.server.body_limit_bytes) });
      expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      const badJson = await s.app.inject({ method: 'POST', url: '/api/v1/predict', payload: '{"features": ', headers: { authorization: `Bearer ${predictor}`, 'content-type': 'application/json' } });
      expect([badJson.statusCode, JSON.parse(badJson.body).error.code]).toEqual([400, 'BAD_REQUEST']);
    });

    it('refuses the blue-green preview header to keys below deployer', async () => {
      expect((await call('POST', '/api/v1/predict', predictor, { features: PATIENT }, { 'x-riskgate-preview': 'true' })).body.error.code).toBe('FORBIDDEN');
    });

    it('answers a batch row by row, and refuses more than 1000 rows', async () => {
      const r = await call('POST', '/api/v1/predict/batch', predictor, { patients: [{ patient_id: 'b1', features: PATIENT }, { patient_id: 'b2', ...PATIENT, cp: 7 }, { features: PATIENT }] });
      expect(r.status).toBe(200);
      expect(r.body.summary).toEqual({ total: 3, succeeded: 2, failed: 1 });
      expect(r.body.results[1]).toMatchObject({ index: 1, ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(r.body.results[0].prediction.patient_id).toBe('b1');
      const tooMany = await call('POST', '/api/v1/predict/batch', predictor, { patients: Array.from({ length: 1001 }, () => ({ features: PATIENT })) });
      expect([tooMany.status, tooMany.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(tooMany.body.error.details.problems[0].field).toBe('body.patients');
      // The message says what is wrong, not only where.
      expect(tooMany.body.error.message).toBe('Input failed validation: body.patients must NOT have more than 1000 items');
    });
  });

  describe('predictions, patients and feedback', () => {
    it('returns a prediction at once after it was answered, and a patient history, auditing both reads', async () => {
      const made = await call('POST', '/api/v1/predict', predictor, { patient_id: 'hist-1', features: PATIENT });
      const got = await call('GET', `/api/v1/predictions/${made.body.prediction_id}`, viewer);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ prediction_id: made.body.prediction_id, arm: 'stable', model: made.body.model, input: { chol: 233 } });
      expect(got.body.explanation.contributions).toHaveLength(13);
      await call('POST', '/api/v1/predict', predictor, { patient_id: 'hist-1', features: { ...PATIENT, age: 70 } });
      const hist = await call('GET', '/api/v1/patients/hist-1/predictions?limit=1', viewer);
      expect(hist.status).toBe(200);
      expect(hist.body.items).toHaveLength(1);
      expect(hist.body.items[0].input.age).toBe(70);
      expect(hist.body.next_cursor).toBeTruthy();
      const page2 = await call('GET', `/api/v1/patients/hist-1/predictions?limit=5&cursor=${encodeURIComponent(hist.body.next_cursor)}`, viewer);
      expect(page2.body.items.map((p: Json) => p.prediction_id)).toEqual([made.body.prediction_id]);
      expect((await call('GET', '/api/v1/predictions/does-not-exist', viewer)).body.error.code).toBe('NOT_FOUND');
      const audit = await call('GET', '/api/v1/audit?action=patients.read', admin);
      expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
      expect(audit.body.items[0].target).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(audit.body)).not.toContain('hist-1');
      expect((await call('GET', '/api/v1/audit?action=predictions.read', admin)).body.items.length).toBeGreaterThanOrEqual(2);
    });

    it('stores feedback by prediction or by patient, and refuses an unknown prediction', async () => {
      const made = await call('POST', '/api/v1/predict', predictor, { patient_id: 'fb-1', features: PATIENT });
      const byId = await call('POST', '/api/v1/feedback', predictor, { prediction_id: made.body.prediction_id, outcome: 1, observed_at: '2026-11-23T12:00:00Z' });
      expect(byId).toMatchObject({ status: 201, body: { prediction_id: made.body.prediction_id, outcome: 1, observed_at: '2026-11-23T12:00:00.000Z' } });
      const byPatient = await call('POST', '/api/v1/feedback', predictor, { patient_id: 'fb-1', outcome: 0 });
      expect(byPatient.status).toBe(201);
      expect(byPatient.body.prediction_id).toBe(made.body.prediction_id);
      expect((await call('POST', '/api/v1/feedback', predictor, { prediction_id: 'nope', outcome: 1 })).body.error.code).toBe('NOT_FOUND');
      const neither = await call('POST', '/api/v1/feedback', predictor, { outcome: 1 });
      expect([neither.status, neither.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await call('POST', '/api/v1/feedback', predictor, { prediction_id: made.body.prediction_id, outcome: 2 })).status).toBe(400);
      const audited = await call('GET', '/api/v1/audit?action=feedback.create', admin);
      expect(audited.body.items.map((a: Json) => a.result)).toContain('ok');
    });
  });

  describe('keys and audit', () => {
    it('creates, lists, rotates with grace, and revokes keys; only admins may', async () => {
      const created = await call('POST', '/api/v1/keys', admin, { role: 'deployer', name: 'ci' });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^rg_live_/);
      const list = await call('GET', '/api/v1/keys', admin);
      const listed = list.body.items.find((k: Json) => k.id === created.body.id);
      expect(listed).toMatchObject({ role: 'deployer', name: 'ci' });
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);
      const rotated = await call('POST', `/api/v1/keys/${created.body.id}/rotate`, admin);
      expect(rotated.status).toBe(201);
      expect((await call('POST', '/api/v1/predict', created.body.key, { features: PATIENT })).status).toBe(200);
      expect((await call('POST', '/api/v1/predict', rotated.body.key, { features: PATIENT })).status).toBe(200);
      expect((await call('DELETE', `/api/v1/keys/${rotated.body.id}`, admin)).status).toBe(204);
      expect((await call('POST', '/api/v1/predict', rotated.body.key, { features: PATIENT })).status).toBe(401);
      expect((await call('POST', '/api/v1/keys', predictor, { role: 'admin' })).body.error.code).toBe('FORBIDDEN');
      expect((await call('POST', '/api/v1/keys', admin, { role: 'emperor' })).status).toBe(400);
      expect((await call('DELETE', '/api/v1/keys/no-such-key', admin)).status).toBe(404);
    });

    it('audits mutating calls, including denied ones, in a verifiable chain', async () => {
      const log = await call('GET', '/api/v1/audit?limit=200', admin);
      const actions = log.body.items.map((a: Json) => `${a.action}:${a.result}`);
      expect(actions).toContain('keys.create:ok');
      expect(actions).toContain('keys.rotate:ok');
      expect(actions).toContain('keys.revoke:ok');
      expect(actions).toContain('keys.create:denied');
      expect(actions.some((a: string) => a.includes('/predict'))).toBe(false);
      expect((await call('GET', '/api/v1/audit/verify', admin)).body).toMatchObject({ ok: true, first_broken: null });
      expect((await call('GET', '/api/v1/audit', viewer)).status).toBe(403);
    });
  });

  describe('browser security', () => {
    it('answers CORS only for allowed origins and sends security headers', async () => {
      const allowed = s.config.security.allowed_origins[0];
      const preflight = await s.app.inject({ method: 'OPTIONS', url: '/api/v1/predict', headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
      const stranger = await s.app.inject({ method: 'OPTIONS', url: '/api/v1/predict', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
      const res = await s.app.inject({ method: 'GET', url: '/health' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    });
  });

  describe('metrics and docs', () => {
    it('exports Prometheus metrics for requests and predictions', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toMatch(/riskgate_predictions_total\{model_version="model-v[^"]+",arm="stable"\} \d+/);
      expect(res.body).toContain('riskgate_http_requests_total{route="/api/v1/predict",method="POST",status="200"}');
      expect(res.body).toContain('riskgate_predicted_risk_bucket');
    });

    it('serves the OpenAPI document with every core route', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/docs/json' });
      const doc = JSON.parse(res.body) as Json;
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of ['/api/v1/predict', '/api/risk/predict', '/api/v1/predict/batch', '/api/v1/predictions/{id}', '/api/v1/patients/{patient_id}/predictions', '/api/v1/feedback', '/api/v1/keys', '/api/v1/audit', '/health/ready']) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect((await s.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
    });
  });
});

describe('HTTP API security settings', () => {
  it('limits requests per key with 429 RATE_LIMITED and Retry-After', async () => {
    const s = await startTestServer({ overrides: { security: { rate_limit: { per_minute: 3, per_ip_per_minute: 1000 } } } });
    try {
      const headers = { authorization: `Bearer ${s.adminKey}` };
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await s.app.inject({ method: 'POST', url: '/api/v1/predict', payload: { features: PATIENT }, headers })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await s.app.inject({ method: 'POST', url: '/api/v1/predict', payload: { features: PATIENT }, headers });
      expect(JSON.parse(limited.body).error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await s.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await s.dispose();
    }
  });

  it('refuses callers outside the IP allowlist, and test keys where they are not allowed', async () => {
    const s = await startTestServer({ overrides: { security: { ip_allowlist: ['10.1.0.0/16'], allow_test_keys: false } } });
    try {
      const outside = await s.app.inject({ method: 'GET', url: '/health', remoteAddress: '192.168.1.9' });
      expect([outside.statusCode, JSON.parse(outside.body).error.code]).toEqual([403, 'IP_NOT_ALLOWED']);
      const inside = { remoteAddress: '10.1.2.3' };
      const issued = await s.deps.keys.create({ role: 'predictor', test: true });
      const res = await s.app.inject({ method: 'POST', url: '/api/v1/predict', payload: { features: PATIENT }, headers: { 'x-api-key': issued.plaintext }, ...inside });
      expect([res.statusCode, JSON.parse(res.body).error.code]).toEqual([403, 'TEST_KEY_REFUSED']);
    } finally {
      await s.dispose();
    }
  });

  it('maps an unexpected fault to 500 INTERNAL carrying only the request id', () => {
    const e = toRiskgateError(new TypeError('x is undefined'), { id: 'req-42', headers: {} } as never, 1000);
    expect(e.toJSON()).toEqual({ error: { code: 'INTERNAL', message: 'Internal error (request req-42).', details: { requestId: 'req-42' } } });
  });
});
