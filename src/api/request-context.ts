import type {} from '@fastify/swagger';
import type { ApiPrincipal, ApiRole } from './app-deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    principal: ApiPrincipal | null;
  }
  interface FastifyContextConfig {
    /** Least role the route needs (default 'viewer': any valid key). */
    role?: ApiRole;
    /** No key needed (health, docs). */
    public?: boolean;
    /**
     * Audit action name of a mutating route (default "METHOD /url"); false for routes whose
     * effect is itself a durable record of who did what (predict writes the caller into each
     * prediction), so the hash-chained audit log is not serialised behind every prediction.
     */
    audit?: string | false;
  }
}

/** Marks this module as the one that augments Fastify's request types. */
export const REQUEST_CONTEXT = 'principal';
