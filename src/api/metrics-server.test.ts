import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../monitor/index.js';
import { createMetricsServer, type MetricsServer } from './metrics-server.js';

describe('createMetricsServer', () => {
  let server: MetricsServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('serves GET /metrics alone on its own port', async () => {
    const metrics = createMetrics();
    metrics.observePrediction({ modelVersion: 'model-v1.0.0-20261123-1200', arm: 'stable', seconds: 0.001, probability: 0.3 });
    server = await createMetricsServer(metrics, 0, '127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toContain('riskgate_predictions_total{model_version="model-v1.0.0-20261123-1200",arm="stable"} 1');
    const other = await fetch(`http://127.0.0.1:${server.port}/api/v1/predict`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });
});
