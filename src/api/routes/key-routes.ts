import type { FastifyInstance } from 'fastify';
import { ROLES, type ApiKeySummary } from '../../auth/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';

const KEY_SUMMARY = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, prefix: { type: 'string' }, test: { type: 'boolean' },
    created_at: { type: 'string' }, created_by: { type: 'string', nullable: true }, expires_at: { type: 'string', nullable: true },
    revoked_at: { type: 'string', nullable: true }, last_used_at: { type: 'string', nullable: true }, rotated_from: { type: 'string', nullable: true },
  },
} as const;

const ISSUED_KEY = {
  type: 'object',
  description: 'The plaintext key is shown once, here, and never again.',
  properties: { key: { type: 'string' }, ...KEY_SUMMARY.properties },
} as const;

const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['id'] } as const;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function present(k: ApiKeySummary): Record<string, unknown> {
  return {
    id: k.id, name: k.name, role: k.role, prefix: k.prefix, test: k.test, created_at: iso(k.createdAt), created_by: k.createdBy,
    expires_at: iso(k.expiresAt), revoked_at: iso(k.revokedAt), last_used_at: iso(k.lastUsedAt), rotated_from: k.rotatedFrom,
  };
}

/** /keys (admin): create, list, rotate (old key works for the grace period), revoke. All audited. */
export async function keyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const grace = deps.config.security.key_rotation_grace_seconds;

  app.post('/keys', {
    config: { role: 'admin', audit: 'keys.create' },
    schema: {
      summary: 'Create an API key (the plaintext is returned once)',
      tags: ['keys'],
      body: {
        type: 'object',
        properties: { role: { type: 'string', enum: [...ROLES] }, name: { type: 'string', minLength: 1, maxLength: 100 }, test: { type: 'boolean', default: false } },
        required: ['role'],
        additionalProperties: false,
      },
      response: { 201: ISSUED_KEY, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const body = request.body as { role: string; name?: string; test: boolean };
      const issued = await deps.keys.create({ role: body.role, name: body.name, test: body.test, createdBy: request.principal?.id ?? null });
      return reply.status(201).send({ key: issued.plaintext, ...present(issued.key) });
    },
  });

  app.get('/keys', {
    config: { role: 'admin' },
    schema: {
      summary: 'List API keys (never their plaintext or hash)',
      tags: ['keys'],
      querystring: { type: 'object', properties: { include_revoked: { type: 'boolean', default: false } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: KEY_SUMMARY } } }, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const { include_revoked: includeRevoked } = request.query as { include_revoked: boolean };
      return { items: (await deps.keys.list({ includeRevoked })).map(present) };
    },
  });

  app.post('/keys/:id/rotate', {
    config: { role: 'admin', audit: 'keys.rotate' },
    schema: {
      summary: `Rotate a key: a new key now, the old one keeps working for the grace period (${grace} s here)`,
      tags: ['keys'],
      params: ID_PARAMS,
      response: { 201: ISSUED_KEY, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      const issued = await deps.keys.rotate(id, grace, request.principal?.id ?? null);
      return reply.status(201).send({ key: issued.plaintext, ...present(issued.key) });
    },
  });

  app.delete('/keys/:id', {
    config: { role: 'admin', audit: 'keys.revoke' },
    schema: { summary: 'Revoke a key at once', tags: ['keys'], params: ID_PARAMS, response: { 204: { type: 'null' }, ...ERROR_RESPONSES } },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      await deps.keys.revoke(id);
      return reply.status(204).send();
    },
  });
}
