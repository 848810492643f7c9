import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler, RouteOptions } from 'fastify';
import type { AuditLog } from '../../auth/index.js';
import '../request-context.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The audit result of a status code. */
function resultOf(status: number): string {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  return `error:${status}`;
}

/** Whether a route is audited: mutating, and not opted out with `config.audit: false`. */
function isAudited(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.some((m) => MUTATING.has(m)) && (route.config as { audit?: unknown } | undefined)?.audit !== false;
}

/**
 * Appends an audit record for every mutating call (who, what, target, from where, result)
 * before the response goes out (onSend), so a client that saw the answer can rely on the
 * record being there. The hook is attached only to audited routes (so predict, which opts out
 * with `config.audit: false` because each prediction record carries its caller, pays nothing).
 * A flood of 429s is not recorded; a failed audit write is logged and does not turn a done
 * change into an error.
 */
export function installMutationAudit(app: FastifyInstance, audit: Pick<AuditLog, 'record'>): void {
  const hook = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (!MUTATING.has(request.method) || reply.statusCode === 429) return payload;
    const config = request.routeOptions.config;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const target = [params.id, params.version, params.name].find((v) => typeof v === 'string') as string | undefined;
    try {
      await audit.record({
        actor: request.principal?.id ?? 'anonymous',
        action: typeof config?.audit === 'string' ? config.audit : `${request.method} ${request.routeOptions.url}`,
        target: target ?? null,
        ip: request.ip,
        result: resultOf(reply.statusCode),
        details: { status: reply.statusCode, request_id: request.id },
      });
    } catch (e) {
      request.log.error({ err: e, reqId: request.id }, 'audit record failed');
    }
    return payload;
  };
  app.addHook('onRoute', (route) => {
    if (!isAudited(route)) return;
    const existing = route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [...existing, hook as onSendHookHandler];
  });
}
