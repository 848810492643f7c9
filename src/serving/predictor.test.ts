import { beforeAll, describe, expect, it } from 'vitest';
import { RiskgateError, isRiskgateError } from '../errors.js';
import type { Model } from '../model/index.js';
import type { PredictionRecord } from '../store/index.js';
import { trainDefaultHeartModel } from '../train/index.js';
import { CircuitBreakers } from './circuit-breaker.js';
import { ModelPool } from './model-pool.js';
import { Predictor } from './predictor.js';
import { Router } from './router.js';

const PATIENT = { age: 63, sex: 1, cp: 1, trestbps: 145, chol: 233, fbs: 1, restecg: 2, thalach: 150, exang: 0, oldpeak: 2.3, slope: 3, ca: 0, thal: 6 };

/** A model that throws on every prediction (a broken candidate). */
function broken(model: Model): Model {
  const m = Object.create(model) as Model;
  m.predict = () => {
    throw new Error('candidate exploded');
  };
  return m;
}

describe('Predictor', () => {
  let model: Model;
  let threshold: number;
  beforeAll(() => {
    const trained = trainDefaultHeartModel(0);
    model = trained.model;
    threshold = trained.threshold;
  });

  function setup(plan: Parameters<Router['setPlan']>[0], extra: { name: string; model: Model }[] = []) {
    const pool = new ModelPool();
    pool.add({ version: 'v1', checksum: 'sum-v1', model, threshold, loadedAt: 0 });
    for (const e of extra) pool.add({ version: e.name, checksum: `sum-${e.name}`, model: e.model, threshold, loadedAt: 0 });
    const router = new Router({ key: 'test-key', plan });
    const records: PredictionRecord[] = [];
    const breakers = new CircuitBreakers({ failureThreshold: 3, openMs: 60_000 });
    const observed: { arm: string; error: boolean }[] = [];
    const predictor = new Predictor({
      pool, router, breakers, recorder: { record: async (r) => void records.push(r) }, pseudonymize: (id) => `h(${id})`,
      observe: (o) => observed.push({ arm: o.arm, error: o.error }), clock: () => 1000,
    });
    return { predictor, records, breakers, observed };
  }

  it('answers with the probability, band and an exact explanation sorted by |contribution|', async () => {
    const { predictor, records } = setup({ stable: 'v1', canaryWeight: 0 });
    const r = await predictor.predict({ patientId: 'p1', features: PATIENT, explain: true, requestId: 'req-1', actor: 'key-1' });
    const raw = model.predict(new Float64Array([63, 1, 1, 145, 233, 1, 2, 150, 0, 2.3, 3, 0, 6]), 1)[0];
    expect(r.risk.probability).toBeCloseTo(raw.probability, 12);
    expect(r.risk.band).toBe(r.risk.probability >= threshold ? 'high' : r.risk.probability >= threshold / 2 ? 'moderate' : 'low');
    expect(r.model).toEqual({ version: 'v1', checksum: 'sum-v1' });
    expect(r.served_by).toBe('stable');
    const e = r.explanation!;
    expect(e.space).toBe('log-odds');
    expect(e.contributions).toHaveLength(13);
    const sum = e.contributions.reduce((s, c) => s + c.contribution, e.base_value);
    expect(sum).toBeCloseTo(raw.raw, 9);
    const sizes = e.contributions.map((c) => Math.abs(c.contribution));
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(e.contributions.find((c) => c.feature === 'chol')?.value).toBe(233);
    // Recorded durably before answering, with the pseudonym only.
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: r.prediction_id, patientHash: 'h(p1)', arm: 'stable', requestId: 'req-1', modelChecksum: 'sum-v1' });
    expect(records[0].output).toMatchObject({ actor: 'key-1' });
    expect(JSON.stringify(records[0])).not.toContain('"p1"');
  });

  it('skips the explanation when asked and records missing values as null', async () => {
    const { predictor, records } = setup({ stable: 'v1', canaryWeight: 0 });
    const r = await predictor.predict({ patientId: null, features: { ...PATIENT, chol: null }, explain: false });
    expect(r.explanation).toBeNull();
    expect(records[0].input.chol).toBeNull();
    expect(records[0].patientHash).toBeNull();
  });

  it('rejects bad input with VALIDATION_FAILED naming every field', async () => {
    const { predictor, records } = setup({ stable: 'v1', canaryWeight: 0 });
    try {
      await predictor.predict({ patientId: 'p', features: { ...PATIENT, age: 400, sex: 'male', extra: 1 }, explain: true });
      expect.unreachable();
    } catch (e) {
      expect(isRiskgateError(e, 'VALIDATION_FAILED')).toBe(true);
      const fields = ((e as { details: { problems: { field: string }[] } }).details.problems).map((p) => p.field).sort();
      expect(fields).toEqual(['age', 'extra', 'sex']);
    }
    expect(records).toHaveLength(0);
  });

  it('falls back to stable when the canary throws, and stops sending to it once its breaker opens', async () => {
    const { predictor, records, breakers, observed } = setup({ rolloutId: 'r1', stable: 'v1', canary: 'v2', canaryWeight: 100 }, [{ name: 'v2', model: broken(model) }]);
    for (let i = 0; i < 5; i++) {
      const r = await predictor.predict({ patientId: `p${i}`, features: PATIENT, explain: true });
      expect(r.served_by).toBe('stable');
      expect(r.model.version).toBe('v1');
    }
    expect(breakers.get('v2').state(1000)).toBe('open');
    expect(records.every((r) => r.modelVersion === 'v1')).toBe(true);
    await predictor.shadowQueue.idle();
    // Three failures reached the canary before its breaker opened; monitoring saw each.
    expect(observed.filter((o) => o.arm === 'canary' && o.error)).toHaveLength(3);
  });

  it('answers from the canary for its share of patients, stickily', async () => {
    const { predictor } = setup({ rolloutId: 'r2', stable: 'v1', canary: 'v2', canaryWeight: 50 }, [{ name: 'v2', model }]);
    const first = new Map<string, string>();
    for (let i = 0; i < 200; i++) first.set(`p${i}`, (await predictor.predict({ patientId: `p${i}`, features: PATIENT, explain: false })).served_by);
    const canaries = [...first.values()].filter((a) => a === 'canary').length;
    expect(canaries).toBeGreaterThan(60);
    expect(canaries).toBeLessThan(140);
    for (let i = 0; i < 200; i++) expect((await predictor.predict({ patientId: `p${i}`, features: PATIENT, explain: false })).served_by).toBe(first.get(`p${i}`));
  });

  it('scores the shadow after the response and records it apart, even when the shadow fails', async () => {
    const { predictor, records } = setup({ rolloutId: 'r3', stable: 'v1', canaryWeight: 0, shadow: { version: 'v3', mirrorPercent: 100 } }, [{ name: 'v3', model: broken(model) }]);
    const r = await predictor.predict({ patientId: 'p1', features: PATIENT, explain: true });
    expect(r.served_by).toBe('stable');
    expect(records.map((x) => x.arm)).toEqual(['stable']);
    await predictor.shadowQueue.idle();
    expect(records.map((x) => x.arm)).toEqual(['stable', 'shadow']);
    expect(records[1]).toMatchObject({ id: `${r.prediction_id}.shadow`, modelVersion: 'v3', error: 'INTERNAL', rolloutId: 'r3' });
  });

  it('answers a batch row by row', async () => {
    const { predictor } = setup({ stable: 'v1', canaryWeight: 0 });
    const out = await predictor.predictMany([
      { patientId: 'a', features: PATIENT, explain: false },
      { patientId: 'b', features: { ...PATIENT, cp: 9 }, explain: false },
    ]);
    expect(out.map((o) => o.ok)).toEqual([true, false]);
    expect(out[1].ok === false && out[1].error.code).toBe('VALIDATION_FAILED');
  });

  it('answers only once the record is durable, and fails with STORE_UNAVAILABLE when it cannot be written', async () => {
    const pool = new ModelPool();
    pool.add({ version: 'v1', checksum: 'sum-v1', model, threshold, loadedAt: 0 });
    let release!: () => void;
    let writes = 0;
    const durable = new Promise<void>((resolve) => (release = resolve));
    const predictor = new Predictor({
      pool, router: new Router({ key: 'k', plan: { stable: 'v1', canaryWeight: 0 } }), pseudonymize: (id) => id,
      recorder: { record: () => (++writes === 1 ? durable : Promise.reject(new RiskgateError('STORE_UNAVAILABLE', { reason: 'disk full' }))) },
    });
    let answered = false;
    const first = predictor.predict({ patientId: 'p', features: PATIENT, explain: false }).then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    await first;
    expect(answered).toBe(true);
    await expect(predictor.predict({ patientId: 'p', features: PATIENT, explain: false })).rejects.toThrow(/disk full/);
    const batch = await predictor.predictMany([{ patientId: 'q', features: PATIENT, explain: false }]);
    expect(batch[0].ok === false && batch[0].error.code).toBe('STORE_UNAVAILABLE');
  });

  it('says NO_PRODUCTION_MODEL when the stable version is not loaded', async () => {
    const { predictor } = setup({ stable: 'missing', canaryWeight: 0 });
    await expect(predictor.predict({ patientId: null, features: PATIENT, explain: false })).rejects.toThrow(/No production model/);
  });
});
