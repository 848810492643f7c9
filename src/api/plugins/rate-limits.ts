import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RiskgateError } from '../../errors.js';
import '../request-context.js';

/** Settings of the two limits (config.security.rate_limit), and Redis for shared counters. */
export interface RateLimitSettings {
  readonly perKeyPerMinute: number;
  readonly perIpPerMinute: number;
  /** An ioredis client shared by replicas; null keeps counters in this process. */
  readonly redis: unknown;
}

const WINDOW_MS = 60_000;

/** Probes and scrapes are never limited: a load balancer must always see the truth. */
function isExempt(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? '';
  return url.startsWith('/health') || url === '/metrics';
}

/**
 * Two limits through @fastify/rate-limit: per client IP before authentication (so guessing
 * keys is limited too) and per API key after it. Exceeding either is a 429 RATE_LIMITED with
 * Retry-After. Call `installPerIpLimit` before authentication and `installPerKeyLimit` after.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<{ installPerIpLimit(): void; installPerKeyLimit(): void }> {
  await app.register(rateLimit, { global: false, ...(settings.redis ? { redis: settings.redis as never, nameSpace: 'riskgate-rl:' } : {}) });
  const perIp = app.createRateLimit({ max: settings.perIpPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => `ip:${req.ip}` });
  const perKey = app.createRateLimit({ max: settings.perKeyPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => `key:${req.principal?.id ?? req.ip}` });
  const enforce = async (request: FastifyRequest, limiter: typeof perIp): Promise<void> => {
    if (isExempt(request)) return;
    const result = await limiter(request);
    if (result.isAllowed || !result.isExceeded) return;
    throw new RiskgateError('RATE_LIMITED', { max: result.max, window: 'minute', retryAfter: `${result.ttlInSeconds} s`, retryAfterSeconds: result.ttlInSeconds });
  };
  return {
    installPerIpLimit: () => app.addHook('onRequest', async (request) => enforce(request, perIp)),
    installPerKeyLimit: () =>
      app.addHook('onRequest', async (request) => {
        if (request.principal) await enforce(request, perKey);
      }),
  };
}
