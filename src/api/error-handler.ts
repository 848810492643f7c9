import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RiskgateError, isRiskgateError } from '../errors.js';
import { matchesOtherMethod } from './route-table.js';

/** Fastify's own error codes and the catalog codes they become. */
const FASTIFY_CODES: Readonly<Record<string, (e: FastifyError, req: FastifyRequest, limit: number) => RiskgateError>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (_e, _r, limit) => new RiskgateError('PAYLOAD_TOO_LARGE', { limit }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_e, req) => new RiskgateError('UNSUPPORTED_MEDIA_TYPE', { contentType: req.headers['content-type'] ?? 'none' }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: (e) => new RiskgateError('BAD_REQUEST', { reason: e.message }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new RiskgateError('BAD_REQUEST', { reason: 'The body is empty; send a JSON object.' }),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => new RiskgateError('BAD_REQUEST', { reason: `The body is not valid JSON: ${e.message}` }),
};

/** One schema problem in the same shape as signature problems ({field, code, message}). */
interface SchemaProblem {
  readonly field: string;
  readonly code: 'SCHEMA';
  readonly message: string;
}

/** Turns Ajv's errors into problems naming each field ("body.features", "query.limit"). */
function schemaProblems(e: FastifyError): SchemaProblem[] {
  const context = e.validationContext ?? 'body';
  return (e.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string }).missingProperty;
    const extra = (v.params as { additionalProperty?: string }).additionalProperty;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const leaf = missing ?? extra;
    const field = [context, path, leaf].filter((s) => s !== undefined && s !== '').join('.');
    return { field, code: 'SCHEMA' as const, message: `${field} ${v.message ?? 'is invalid'}` };
  });
}

/** Maps any thrown value to the catalog error a client sees. */
export function toRiskgateError(error: unknown, request: FastifyRequest, bodyLimit: number): RiskgateError {
  if (isRiskgateError(error)) return error;
  const e = error as FastifyError;
  if (e?.validation) {
    const problems = schemaProblems(e);
    // The summary says what is wrong with each field, not only which fields: it is the message clients log.
    return new RiskgateError('VALIDATION_FAILED', { summary: problems.map((p) => p.message).join('; '), problems });
  }
  const mapped = typeof e?.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return mapped(e, request, bodyLimit);
  if (typeof e?.statusCode === 'number' && e.statusCode === 429) return new RiskgateError('RATE_LIMITED', { max: '?', window: 'minute', retryAfter: 'a minute' });
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new RiskgateError('BAD_REQUEST', { reason: e.message });
  return new RiskgateError('INTERNAL', { requestId: request.id }, { cause: error });
}

/**
 * Installs the one error handler and the not-found handler: RiskgateError → its catalog
 * status and `{error: {code, message, details}}`; schema failures → 400 VALIDATION_FAILED
 * naming fields; Fastify's 413/415/bad JSON → their catalog codes; an unknown URL → 404
 * ROUTE_NOT_FOUND, a known URL with another method → 405 METHOD_NOT_ALLOWED; anything else
 * → 500 INTERNAL, logged with the request id (the client sees only the id).
 */
export function installErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = toRiskgateError(error, request, bodyLimit);
    if (mapped.code === 'INTERNAL') request.log.error({ err: error, reqId: request.id }, 'internal error');
    if (mapped.code === 'RATE_LIMITED' && mapped.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(mapped.details.retryAfterSeconds));
    return reply.status(mapped.status).type('application/json; charset=utf-8').send(JSON.stringify(mapped.toJSON()));
  });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    const error = matchesOtherMethod(app, request.method, url)
      ? new RiskgateError('METHOD_NOT_ALLOWED', { method: request.method, url })
      : new RiskgateError('ROUTE_NOT_FOUND', { method: request.method, url });
    return reply.status(error.status).type('application/json; charset=utf-8').send(JSON.stringify(error.toJSON()));
  });
}
