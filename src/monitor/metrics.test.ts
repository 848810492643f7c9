import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';
import { runPromtool } from './promtool.js';

const inCi = process.env.CI === 'true';

describe('createMetrics', () => {
  it('exports every metric with the riskgate_ prefix, and promtool accepts the exposition', async () => {
    const m = createMetrics();
    m.observeHttp('/api/v1/predict', 'POST', 200, 0.012);
    m.observeHttp('/api/v1/predict', 'POST', 500, 0.3);
    m.observePrediction({ modelVersion: '1.2.0', arm: 'stable', seconds: 0.0004, probability: 0.73 });
    m.observePrediction({ modelVersion: '1.3.0', arm: 'canary', seconds: 0.02, error: true });
    m.rolloutWeight.labels('r1', '1.3.0', 'canary').set(0.25);
    m.rolloutEvents.labels('paused').inc();
    m.setRolloutPhase('r1', 'progressing');
    m.setRolloutPhase('r1', 'paused');
    m.setBreakerState('1.3.0', 'open');
    m.driftPsi.labels('1.2.0', 'chol').set(0.31);
    m.realizedAccuracy.labels('1.2.0').set(0.84);
    m.memoryUsage.set(0.4);
    m.alertsFiring.labels('FeatureDrift', 'warning').set(1);
    const text = await m.registry.metrics();
    const names = (await m.registry.getMetricsAsJSON()).map((x) => x.name);
    expect(names.every((n) => n.startsWith('riskgate_'))).toBe(true);
    expect(names).toContain('riskgate_process_cpu_seconds_total');
    expect(text).toContain('riskgate_predictions_total{model_version="1.2.0",arm="stable"} 1');
    expect(text).toContain('riskgate_prediction_errors_total{model_version="1.3.0",arm="canary"} 1');
    expect(text).toContain('riskgate_breaker_state{model_version="1.3.0"} 2');
    expect(text).toContain('riskgate_rollout_events_total{event="rolled_back"} 0');
    expect(text).toContain('riskgate_rollout_phase{rollout_id="r1",phase="paused"} 1');
    expect(text).not.toContain('phase="progressing"');
    expect(text).toMatch(/riskgate_predicted_risk_bucket\{le="0.8",model_version="1.2.0",arm="stable"\} 1/);
    const r = runPromtool(['check', 'metrics'], text);
    if (!r.available && !inCi) return; // locally without promtool: the exposition checks above still ran
    expect(r.available, 'promtool must be installed in CI').toBe(true);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('keeps registries independent', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.predictions.labels('1.0.0', 'stable').inc(3);
    expect(await b.registry.getSingleMetricAsString('riskgate_predictions_total')).not.toContain('1.0.0');
  });
});
