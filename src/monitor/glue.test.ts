import { describe, expect, it } from 'vitest';
import type { ArmObservation } from '../rollout/index.js';
import type { PredictionObserver } from '../serving/index.js';
import type { PredictionRecord } from '../store/index.js';
import { ArmWindows, buildDriftSample, createMetrics, createPredictionObserver, publishDriftReport, type DriftReport, type FeatureDrift } from './index.js';

describe('monitoring glue', () => {
  it('the observer feeds metrics and arm windows, and fits serving and the judge', async () => {
    const metrics = createMetrics();
    const windows = new ArmWindows({ capacity: 10, windowMs: 60_000, featureCount: 2 });
    const observe: PredictionObserver = createPredictionObserver({ metrics, windows });
    observe({ at: 1000, modelVersion: '1.0.0', arm: 'canary', rolloutId: 'r1', latencyMs: 3, error: false, probability: 0.7, row: Float64Array.of(50, 1) });
    observe({ at: 1001, modelVersion: '1.0.0', arm: 'canary', rolloutId: 'r1', latencyMs: 9, error: true });
    const obs: ArmObservation = windows.get('1.0.0', 'canary').observe(2000, { breakerOpened: false, memoryFraction: 0.2 });
    expect(obs.requests).toBe(2);
    expect(obs.errors).toBe(1);
    expect(await metrics.registry.getSingleMetricAsString('riskgate_predictions_total')).toContain('{model_version="1.0.0",arm="canary"} 1');
  });

  it('a throwing dependency never escapes the observer', () => {
    const errors: unknown[] = [];
    const broken = { record: () => { throw new Error('boom'); } } as unknown as ArmWindows;
    const observe = createPredictionObserver({ windows: broken, onError: (e) => errors.push(e) });
    expect(() => observe({ at: 0, modelVersion: 'v', arm: 'stable', latencyMs: 1, error: false })).not.toThrow();
    expect(errors).toHaveLength(1);
  });

  it('builds drift samples from recorded predictions in profile column order', () => {
    const rec = (input: PredictionRecord['input'], error: string | null = null) => ({ input, probability: 0.4, error });
    const s = buildDriftSample(['age', 'chol'], [rec({ chol: 200, age: 61 }), rec({ age: 40, chol: null }), rec({ age: 1 }, 'MODEL_TIMEOUT')]);
    expect(s.n).toBe(2);
    expect(Array.from(s.x)).toEqual([61, 200, 40, Number.NaN]);
  });

  it('publishes PSI only for features with enough data', async () => {
    const metrics = createMetrics();
    const f = (feature: string, verdict: FeatureDrift['verdict'], psi: number | null) => ({ feature, verdict, psi }) as FeatureDrift;
    const report = { modelVersion: '2.0.0', features: [f('chol', 'drift', 0.9), f('age', 'not_enough_data', 0.5)], risk: f('__risk__', 'no_drift', 0.01) } as unknown as DriftReport;
    metrics.driftPsi.labels('2.0.0', 'age').set(0.1);
    publishDriftReport(metrics, report);
    const text = await metrics.registry.getSingleMetricAsString('riskgate_drift_psi');
    expect(text).toContain('riskgate_drift_psi{model_version="2.0.0",feature="chol"} 0.9');
    expect(text).toContain('feature="__risk__"} 0.01');
    expect(text).not.toContain('feature="age"');
  });
});
