import type { FastifyInstance } from 'fastify';
import type { AuditRecord } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';

const AUDIT_RECORD = {
  type: 'object',
  properties: {
    seq: { type: 'integer' }, at: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' },
    target: { type: 'string', nullable: true }, ip: { type: 'string', nullable: true }, result: { type: 'string' },
    details: { type: 'object', additionalProperties: true }, prev_hash: { type: 'string' }, hash: { type: 'string' },
  },
} as const;

function present(r: AuditRecord): Record<string, unknown> {
  return { seq: r.seq, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, target: r.target, ip: r.ip, result: r.result, details: r.details, prev_hash: r.prevHash, hash: r.hash };
}

/** /audit (admin): the hash-chained audit log, filtered and paged, and its verification. */
export async function auditRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/audit', {
    config: { role: 'admin' },
    schema: {
      summary: 'Audit records, newest first',
      tags: ['audit'],
      querystring: {
        type: 'object',
        properties: {
          actor: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' },
          since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 }, cursor: { type: 'string' },
        },
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: AUDIT_RECORD }, next_cursor: { type: 'string', nullable: true } } }, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { actor?: string; action?: string; target?: string; since?: string; until?: string; limit: number; cursor?: string };
      const page = await deps.store.audit.list({
        actor: q.actor, action: q.action, target: q.target, limit: q.limit, cursor: q.cursor ?? null,
        since: q.since ? Date.parse(q.since) : undefined, until: q.until ? Date.parse(q.until) : undefined,
      });
      return { items: page.items.map(present), next_cursor: page.nextCursor };
    },
  });

  app.get('/audit/verify', {
    config: { role: 'admin' },
    schema: {
      summary: 'Walk the hash chain and report the first broken link',
      tags: ['audit'],
      response: {
        200: {
          type: 'object',
          properties: {
            ok: { type: 'boolean' }, checked: { type: 'integer' },
            first_broken: { type: 'object', nullable: true, properties: { seq: { type: 'integer' }, reason: { type: 'string' }, message: { type: 'string' } } },
          },
        },
        ...ERROR_RESPONSES,
      },
    },
    handler: async () => {
      const v = await deps.store.audit.verify();
      return { ok: v.ok, checked: v.checked, first_broken: v.firstBroken };
    },
  });
}
