import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimits } from './rate-limits.js';
import '../request-context.js';

/** The steps of the gate, in order. */
export interface RequestGateSteps {
  readonly allowlist: ((request: FastifyRequest) => void) | null;
  readonly limits: RateLimits;
  readonly authenticate: (request: FastifyRequest) => Promise<void>;
}

/**
 * The whole security chain in one onRequest hook — IP allowlist, per-IP limit, key and role,
 * per-key limit — and the X-Request-Id response header. One hook instead of five saves a
 * promise and a turn of the hook runner per step on every request.
 */
export function installRequestGate(app: FastifyInstance, steps: RequestGateSteps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    steps.allowlist?.(request);
    await steps.limits.perIp(request);
    await steps.authenticate(request);
    await steps.limits.perKey(request);
  });
}
