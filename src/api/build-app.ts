import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { AppDeps } from './app-deps.js';
import { installErrorHandling } from './error-handler.js';
import { installMutationAudit } from './plugins/audit-mutations.js';
import { createAuthenticator } from './plugins/authenticate.js';
import { createIpAllowlist } from './plugins/ip-allowlist.js';
import { createRateLimits } from './plugins/rate-limits.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { installRequestGate } from './plugins/request-gate.js';
import { trackRoutes } from './route-table.js';
import { ROUTE_PLUGINS } from './routes/index.js';
import { ERROR_SCHEMA } from './schemas.js';

/** Where the OpenAPI UI is served (public). */
export const DOCS_PREFIX = '/docs';

/** Options of buildApp that are not dependencies. */
export interface BuildAppOptions {
  /** Fastify logger settings; default pino at config.monitoring.level. */
  readonly logger?: FastifyServerOptions['logger'];
  /** An ioredis client for shared rate-limit counters (from REDIS_URL), or null. */
  readonly redis?: unknown;
}

/**
 * Builds the HTTP app from its dependencies, without listening (tests use app.inject; the
 * serve command listens). Order matters: error handling and route tracking first, then
 * security (allowlist → per-IP limit → key → per-key limit), then docs, then each
 * capability's routes as an encapsulated plugin under its prefix.
 */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger: options.logger ?? { level: config.monitoring.level },
    bodyLimit: config.server.body_limit_bytes,
    trustProxy: config.server.trust_proxy,
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    // Per-request log lines only when debugging: at thousands of predictions a second they cost more than the work.
    logController: new LogController({ disableRequestLogging: !config.debug }),
    return503OnClosing: true,
    // Unknown body keys are rejected, not silently dropped; every schema problem is reported.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
  });
  trackRoutes(app);
  // JSON only: anything else is a 415, not a string that fails the schema.
  app.removeContentTypeParser('text/plain');
  installErrorHandling(app, config.server.body_limit_bytes);
  app.addSchema(ERROR_SCHEMA);

  // helmet's headers, computed once (static without a CSP; the docs UI sends its own CSP).
  installSecurityHeaders(app, { contentSecurityPolicy: false });
  await app.register(cors, {
    origin: config.security.allowed_origins.length > 0 ? [...config.security.allowed_origins] : false,
    allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type', 'X-Request-Id', 'X-Riskgate-Preview'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  const limits = await createRateLimits(app, {
    perKeyPerMinute: config.security.rate_limit.per_minute,
    perIpPerMinute: config.security.rate_limit.per_ip_per_minute,
    redis: options.redis ?? null,
  });
  installRequestGate(app, {
    allowlist: createIpAllowlist(config.security.ip_allowlist),
    limits,
    authenticate: createAuthenticator(deps.keys, { allowTestKeys: config.security.allow_test_keys, env: config.env, publicPrefixes: [DOCS_PREFIX] }),
  });
  installMutationAudit(app, deps.audit);
  app.addHook('onResponse', (request, reply, done) => {
    deps.metrics.observeHttp(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'riskgate', version: deps.version, description: 'Clinical risk predictions with exact explanations, and safe model rollouts.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer rg_live_…' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });

  for (const plugin of ROUTE_PLUGINS) {
    await app.register(async (child) => plugin.register(child, deps), { prefix: plugin.prefix });
  }
  return app;
}
