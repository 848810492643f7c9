import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RiskgateMetrics } from '../monitor/index.js';

/** A listening metrics-only server. */
export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics alone on its own port (monitoring.metrics_port), so Prometheus can
 * scrape from a network that never reaches the API. Anything else is a 404.
 */
export async function createMetricsServer(metrics: RiskgateMetrics, port: number, host: string): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND', message: 'Only GET /metrics is served here.', details: {} } }));
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String((e as Error).message)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
