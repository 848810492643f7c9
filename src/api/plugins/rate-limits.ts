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

/** The two limit checks; each throws RATE_LIMITED when exceeded. */
export interface RateLimits {
  /** Per client IP: run before authentication, so guessing keys is limited too. */
  perIp(request: FastifyRequest): Promise<void>;
  /** Per API key: run after authentication (a no-op without a principal). */
  perKey(request: FastifyRequest): Promise<void>;
}

/**
 * Two limits through @fastify/rate-limit's createRateLimit: per client IP and per API key.
 * Exceeding either is a 429 RATE_LIMITED with Retry-After. The request gate calls them (one
 * hook for the whole security chain) and exempts health probes and /metrics.
 */
export async function createRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<RateLimits> {
  await app.register(rateLimit, { global: false, ...(settings.redis ? { redis: settings.redis as never, nameSpace: 'riskgate-rl:', skipOnError: true } : {}) });
  const perIp = app.createRateLimit({ max: settings.perIpPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => `ip:${req.ip}` });
  const perKey = app.createRateLimit({ max: settings.perKeyPerMinute, timeWindow: WINDOW_MS, keyGenerator: (req) => `key:${req.principal?.id ?? req.ip}` });
  const enforce = async (request: FastifyRequest, limiter: typeof perIp): Promise<void> => {
    const result = await limiter(request);
    if (result.isAllowed || !result.isExceeded) return;
    throw new RiskgateError('RATE_LIMITED', { max: result.max, window: 'minute', retryAfter: `${result.ttlInSeconds} s`, retryAfterSeconds: result.ttlInSeconds });
  };
  return {
    perIp: (request) => enforce(request, perIp),
    perKey: async (request) => {
      if (request.principal) await enforce(request, perKey);
    },
  };
}
