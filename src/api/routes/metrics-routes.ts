import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import '../request-context.js';
import type { AppDeps } from '../app-deps.js';

/** GET /metrics: Prometheus text. Public unless security.metrics_requires_key. */
export async function metricsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const config: FastifyContextConfig = deps.config.security.metrics_requires_key ? { role: 'viewer', audit: false } : { public: true };
  app.get('/metrics', {
    config,
    schema: { summary: 'Prometheus metrics', tags: ['health'] },
    handler: async (_request, reply) => {
      const text = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(text);
    },
  });
}
