import type { FastifyInstance } from 'fastify';
import { RiskgateError } from '../../errors.js';
import { parseDuration } from '../../rollout/index.js';
import type { AppDeps } from '../app-deps.js';
import { PERFORMANCE_DEFAULT_BUCKET_MS, PERFORMANCE_DEFAULT_LOOKBACK_MS, type MonitoringService } from '../monitoring-service.js';
import { ERROR_RESPONSES } from '../schemas.js';
import { ALERTS_RESPONSE_SCHEMA, DRIFT_RESPONSE_SCHEMA, LIVE_RESPONSE_SCHEMA, PERFORMANCE_RESPONSE_SCHEMA } from './monitoring-schemas.js';

/** Longest drift window a request may ask for (7 days): the store read is bounded anyway. */
const MAX_DRIFT_WINDOW_MS = 7 * 86_400_000;
/** Narrowest performance bucket (one minute) and most buckets one request may produce. */
const MIN_BUCKET_MS = 60_000;
const MAX_BUCKETS = 10_000;

const VERSION = { type: 'string', minLength: 1, maxLength: 100 } as const;
const DURATION = { type: 'string', minLength: 1, maxLength: 20 } as const;
const INSTANT = { type: 'string', minLength: 1, maxLength: 40, description: 'ISO 8601 date-time or epoch milliseconds' } as const;

/** A duration query parameter in ms within [min, max]; BAD_REQUEST naming the parameter otherwise. */
function durationParam(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (!(ms >= min && ms <= max)) throw new RiskgateError('BAD_REQUEST', { reason: `${name} must be between ${min / 1000} s and ${max / 3_600_000} h; got "${text}".` });
  return ms;
}

/** An instant query parameter (ISO 8601 or epoch ms). */
function instantParam(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new RiskgateError('BAD_REQUEST', { reason: `${name} must be an ISO 8601 date-time or epoch milliseconds; got "${text}".` });
  return ms;
}

function serviceOf(deps: AppDeps): MonitoringService {
  if (!deps.monitoring) throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'monitoring is not running in this server' });
  return deps.monitoring;
}

/**
 * Monitoring, viewer role: drift of live inputs and predicted risk against each version's
 * training profile, realized performance from fed-back outcomes, live arm statistics, alerts.
 */
export async function monitoringRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/monitoring/drift', {
    config: { role: 'viewer' },
    schema: {
      summary: 'Drift per model version and arm over a window of recorded predictions',
      tags: ['monitoring'],
      querystring: { type: 'object', properties: { version: VERSION, arm: { type: 'string', minLength: 1, maxLength: 40 }, window: DURATION }, additionalProperties: false },
      response: { 200: DRIFT_RESPONSE_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { version?: string; arm?: string; window?: string };
      const windowMs = durationParam('window', q.window, 1000, MAX_DRIFT_WINDOW_MS);
      return serviceOf(deps).drift({ version: q.version, arm: q.arm, windowMs }, Date.now());
    },
  });

  app.get('/monitoring/performance', {
    config: { role: 'viewer' },
    schema: {
      summary: 'Realized AUC, accuracy, sensitivity, specificity and Brier score with 95 % intervals, per version and time bucket',
      tags: ['monitoring'],
      querystring: { type: 'object', properties: { version: VERSION, since: INSTANT, until: INSTANT, bucket: DURATION }, additionalProperties: false },
      response: { 200: PERFORMANCE_RESPONSE_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { version?: string; since?: string; until?: string; bucket?: string };
      const now = Date.now();
      const since = instantParam('since', q.since);
      const until = instantParam('until', q.until);
      const bucketMs = durationParam('bucket', q.bucket, MIN_BUCKET_MS, 366 * 86_400_000) ?? PERFORMANCE_DEFAULT_BUCKET_MS;
      const from = since ?? now - PERFORMANCE_DEFAULT_LOOKBACK_MS;
      const to = until ?? now + 1;
      if (to <= from) throw new RiskgateError('BAD_REQUEST', { reason: 'until must be after since.' });
      if ((to - from) / bucketMs > MAX_BUCKETS) throw new RiskgateError('BAD_REQUEST', { reason: `bucket is too narrow for the range: at most ${MAX_BUCKETS} buckets.` });
      return serviceOf(deps).performance({ version: q.version, since: from, until: to, bucketMs }, now);
    },
  });

  app.get('/monitoring/live', {
    config: { role: 'viewer' },
    schema: {
      summary: "This replica's live statistics per model arm over the monitoring window",
      tags: ['monitoring'],
      response: { 200: LIVE_RESPONSE_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async () => serviceOf(deps).live(Date.now()),
  });

  app.get('/alerts', {
    config: { role: 'viewer' },
    schema: {
      summary: 'Alert incidents, newest first (firing and resolved)',
      tags: ['monitoring'],
      querystring: {
        type: 'object',
        properties: { state: { type: 'string', enum: ['firing', 'resolved'] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        additionalProperties: false,
      },
      response: { 200: ALERTS_RESPONSE_SCHEMA, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { state?: 'firing' | 'resolved'; limit?: number };
      return { alerts: await serviceOf(deps).alerts(q) };
    },
  });
}
