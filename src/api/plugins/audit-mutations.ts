import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../auth/index.js';
import '../request-context.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The audit result of a status code. */
function resultOf(status: number): string {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  return `error:${status}`;
}

/**
 * Appends an audit record for every mutating call on a known route (who, what, target, from
 * where, result) before the response goes out (onSend), so a client that saw the answer can
 * rely on the record being there. Routes opt out with `config.audit: false` (predict: its
 * records carry the caller); a flood of 429s is not recorded. A failed audit write is logged
 * and does not turn a done change into an error.
 */
export function installMutationAudit(app: FastifyInstance, audit: Pick<AuditLog, 'record'>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    const config = request.routeOptions.config;
    if (!MUTATING.has(request.method) || url === undefined || config?.audit === false || reply.statusCode === 429) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const target = [params.id, params.version, params.name].find((v) => typeof v === 'string') as string | undefined;
    try {
      await audit.record({
        actor: request.principal?.id ?? 'anonymous',
        action: typeof config?.audit === 'string' ? config.audit : `${request.method} ${url}`,
        target: target ?? null,
        ip: request.ip,
        result: resultOf(reply.statusCode),
        details: { status: reply.statusCode, request_id: request.id },
      });
    } catch (e) {
      request.log.error({ err: e, reqId: request.id }, 'audit record failed');
    }
    return payload;
  });
}
