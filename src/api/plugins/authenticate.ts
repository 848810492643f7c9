import type { FastifyRequest } from 'fastify';
import { RiskgateError } from '../../errors.js';
import { hasRole, type KeyService, type Role } from '../../auth/index.js';
import '../request-context.js';
import type { RouteFacts } from './request-gate.js';

/** Default role of a route that names none: any valid key. */
const DEFAULT_ROLE: Role = 'viewer';
const BEARER = /^Bearer\s+(\S+)$/i;

/** The key presented in `Authorization: Bearer …` or `X-API-Key`, or null. */
export function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = BEARER.exec(auth);
    if (m) return m[1];
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : null;
}

/**
 * Makes the authentication step of the request gate: on a route that is not `config.public`
 * the key must be valid (and not a test key where those are refused) and its role at least
 * `config.role`; the principal is set on the request. Unmatched URLs (404/405) and
 * `publicPrefixes` (the docs) pass.
 */
export function createAuthenticator(keys: Pick<KeyService, 'authenticate'>, options: { readonly allowTestKeys: boolean; readonly env: string; readonly publicPrefixes?: readonly string[] }): (request: FastifyRequest, route: RouteFacts) => Promise<void> {
  const publicPrefixes = options.publicPrefixes ?? [];
  return async (request, { url, config }) => {
    if (url === undefined || config?.public || publicPrefixes.some((p) => url.startsWith(p))) return;
    const key = presentedKey(request);
    if (key === null) throw new RiskgateError('UNAUTHENTICATED');
    const principal = await keys.authenticate(key, { allowTestKeys: options.allowTestKeys, env: options.env });
    const required = config?.role ?? DEFAULT_ROLE;
    if (!hasRole(principal.role, required)) throw new RiskgateError('FORBIDDEN', { required, actual: principal.role });
    request.principal = principal;
  };
}
