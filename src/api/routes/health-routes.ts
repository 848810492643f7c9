import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';

/** One component of /health/detailed. */
interface ComponentReport {
  name: string;
  status: 'up' | 'down';
  essential: boolean;
  latency_ms: number;
  details: Record<string, unknown>;
}

/** Runs a check with timing; a thrown error is a 'down' component, never a 500. */
async function timed(name: string, essential: boolean, fn: () => Promise<{ ok: boolean; details?: Record<string, unknown> }>): Promise<ComponentReport> {
  const t0 = performance.now();
  try {
    const r = await fn();
    return { name, essential, status: r.ok ? 'up' : 'down', latency_ms: performance.now() - t0, details: r.details ?? {} };
  } catch (e) {
    return { name, essential, status: 'down', latency_ms: performance.now() - t0, details: { error: (e as Error).message } };
  }
}

/** Every component: the store, the production model, the recorder, and extra checks from deps. */
async function checkComponents(deps: AppDeps): Promise<ComponentReport[]> {
  const checks = [
    timed('store', true, async () => {
      const h = await deps.store.health();
      return { ok: h.ok, details: { dialect: h.dialect, error: h.error } };
    }),
    timed('production_model', true, async () => {
      const version = deps.router.stableVersion();
      const loaded = version !== null && deps.pool.has(version);
      return { ok: loaded, details: { version, loaded } };
    }),
    timed('recorder', false, async () => {
      const s = deps.recorder.stats();
      return { ok: s.flushFailures === 0 || s.lastError === null || s.pending < 10_000, details: { ...s } };
    }),
    ...(deps.healthChecks ?? []).map((c) => timed(c.name, c.essential, () => c.check())),
  ];
  return Promise.all(checks);
}

const COMPONENT = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    status: { type: 'string', enum: ['up', 'down'] },
    essential: { type: 'boolean' },
    latency_ms: { type: 'number' },
    details: { type: 'object', additionalProperties: true },
  },
} as const;

/** /health (live), /health/ready (serving-ready or 503) and /health/detailed (no secrets). Public. */
export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/health', {
    config: { public: true },
    schema: { summary: 'Liveness: the process answers', tags: ['health'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/health/ready', {
    config: { public: true },
    schema: {
      summary: 'Readiness: the production model is loaded and the store answers (503 otherwise)',
      tags: ['health'],
      response: { '2xx': { type: 'object', properties: { status: { type: 'string' }, failing: { type: 'array', items: { type: 'string' } } } }, 503: { type: 'object', properties: { status: { type: 'string' }, failing: { type: 'array', items: { type: 'string' } } } } },
    },
    handler: async (_request, reply) => {
      const components = await checkComponents(deps);
      const failing = components.filter((c) => c.essential && c.status === 'down').map((c) => c.name);
      return reply.status(failing.length === 0 ? 200 : 503).send({ status: failing.length === 0 ? 'ready' : 'not_ready', failing });
    },
  });

  app.get('/health/detailed', {
    config: { public: true },
    schema: {
      summary: 'Each component with status and timing, loaded models with checksums, uptime, version',
      tags: ['health'],
      response: {
        '2xx': {
          type: 'object',
          properties: {
            status: { type: 'string' },
            version: { type: 'string' },
            env: { type: 'string' },
            uptime_seconds: { type: 'number' },
            components: { type: 'array', items: COMPONENT },
            models: {
              type: 'array',
              items: { type: 'object', properties: { version: { type: 'string' }, checksum: { type: 'string' }, algorithm: { type: 'string' }, threshold: { type: 'number' }, loaded_at: { type: 'string' }, role: { type: 'string' } } },
            },
          },
        },
      },
    },
    handler: async (_request, reply) => {
      const components = await checkComponents(deps);
      const stable = deps.router.stableVersion();
      const healthy = components.every((c) => !c.essential || c.status === 'up');
      const models = deps.pool.list().map((m) => ({
        version: m.version, checksum: m.checksum, algorithm: m.model.algorithm, threshold: m.threshold,
        loaded_at: new Date(m.loadedAt).toISOString(), role: m.version === stable ? 'stable' : 'candidate',
      }));
      return reply.status(healthy ? 200 : 503).send({
        status: healthy ? 'healthy' : 'degraded', version: deps.version, env: deps.config.env,
        uptime_seconds: (Date.now() - deps.startedAt) / 1000, components, models,
      });
    },
  });
}
