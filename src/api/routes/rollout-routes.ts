import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RiskgateError } from '../../errors.js';
import { STRATEGIES, type RolloutService, type RolloutStrategy, type RolloutView } from '../../rollout/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';
import { presentRollout, presentRolloutEvent } from './present-rollout.js';

/** Manual actions on one rollout, each POST /rollouts/:id/<action> {reason}. */
export const ROLLOUT_ACTIONS = ['promote', 'abort', 'pause', 'resume'] as const;
type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

const REASON = { type: 'string', minLength: 1, maxLength: 500 } as const;
/** "90s", "10m", "1h", "250ms" or milliseconds (parseDuration says what is wrong with anything else). */
const DURATION = { anyOf: [{ type: 'string', minLength: 1, maxLength: 20 }, { type: 'number', minimum: 0 }] } as const;
const CHECK = {
  type: 'object',
  properties: { name: { type: 'string' }, status: { type: 'string' }, sentence: { type: 'string' }, numbers: { type: 'object', additionalProperties: { type: 'number', nullable: true } } },
} as const;
const WHO_WHY = { type: 'object', nullable: true, properties: { kind: { type: 'string' }, reason: { type: 'string' }, actor: { type: 'string' }, at: { type: 'string' } } } as const;
const ROLLOUT = {
  type: 'object',
  properties: {
    id: { type: 'string' }, env: { type: 'string' }, strategy: { type: 'string' }, phase: { type: 'string' },
    candidate: { type: 'string' }, stable: { type: 'string' }, step_index: { type: 'integer' }, steps: { type: 'array', items: { type: 'number' } },
    stage: { type: 'string' }, canary_weight: { type: 'number' }, mirror_percent: { type: 'number' }, preview: { type: 'boolean' }, switched: { type: 'boolean' },
    created_at: { type: 'string' }, updated_at: { type: 'string' }, created_by: { type: 'string' },
    paused: WHO_WHY, outcome: WHO_WHY,
    smoke_test: { type: 'object', nullable: true, properties: { status: { type: 'string' }, summary: { type: 'string', nullable: true }, at: { type: 'string' } } },
    analysis: {
      type: 'object', nullable: true,
      properties: { verdict: { type: 'string' }, summary: { type: 'string' }, at: { type: 'string' }, failures_in_a_row: { type: 'integer' }, checks: { type: 'array', items: CHECK } },
    },
  },
} as const;
const EVENT = {
  type: 'object',
  properties: { at: { type: 'string' }, type: { type: 'string' }, message: { type: 'string' }, actor: { type: 'string' }, data: { type: 'object', additionalProperties: true } },
} as const;
const DETAIL = { type: 'object', properties: { rollout: ROLLOUT, events: { type: 'array', items: EVENT } } } as const;
const ID_PARAMS = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['id'] } as const;

/** The audit actor of a caller, and the name a timeline shows: "key name (key id)". */
function actorOf(request: FastifyRequest): string {
  const p = request.principal;
  return p ? `${p.name} (${p.id})` : 'anonymous';
}

function detail(view: RolloutView): { rollout: unknown; events: unknown[] } {
  return { rollout: presentRollout(view), events: view.events.map(presentRolloutEvent) };
}

/** Records a rollout call in the audit log with its reason (the generic mutation audit cannot see bodies). */
async function auditCall(deps: AppDeps, request: FastifyRequest, action: string, status: number, details: Record<string, string | number | boolean | null>): Promise<void> {
  const params = request.params as { id?: string } | undefined;
  try {
    await deps.audit.record({
      actor: request.principal?.id ?? 'anonymous', action, target: params?.id ?? (typeof details.rollout === 'string' ? details.rollout : null),
      ip: request.ip, result: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : `error:${status}`,
      details: { ...details, status, request_id: request.id },
    });
  } catch (e) {
    request.log.error({ err: e, reqId: request.id }, 'audit record failed');
  }
}

/**
 * /rollouts and /rollback: start (deployer), list and show (viewer), promote, abort, pause,
 * resume (deployer), and move production back (deployer). Each mutating call is audited with
 * its reason and outcome, whether it succeeded or not. The body's defaults come from the
 * environment's `rollout` settings.
 */
export async function rolloutRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const service = (): RolloutService => {
    if (!deps.rollouts) throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'This server does not run rollouts.' });
    return deps.rollouts;
  };
  const defaults = deps.config.rollout;
  /** Audit details a route left on the request for its onResponse hook. */
  const audits = new WeakMap<FastifyRequest, { action: string; details: Record<string, string | number | boolean | null> }>();
  app.addHook('onResponse', async (request, reply) => {
    // Calls refused before the handler ran (no key, wrong role, bad body) are audited too.
    const entry = audits.get(request) ?? (request.method === 'POST' ? refusedCall(request) : undefined);
    if (entry) await auditCall(deps, request, entry.action, reply.statusCode, entry.details);
  });
  const noteAudit = (request: FastifyRequest, action: string, details: Record<string, string | number | boolean | null>): void => {
    audits.set(request, { action, details });
  };

  app.post('/rollouts', {
    config: { role: 'deployer', audit: false },
    schema: {
      summary: 'Start a rollout of a version (shadow, canary or blue-green) against production',
      tags: ['rollouts'],
      body: {
        type: 'object',
        properties: {
          version: { type: 'string', minLength: 1, maxLength: 200 },
          strategy: { type: 'string', enum: [...STRATEGIES] },
          steps: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'number', exclusiveMinimum: 0, maximum: 100 } },
          bake: DURATION, max_bake: DURATION,
          min_samples: { type: 'integer', minimum: 0 },
          mirror: { type: 'number', exclusiveMinimum: 0, maximum: 100 },
          then_canary: { type: 'boolean', description: 'Shadow: continue as a canary once the comparison passes.' },
          hold_preview: { type: 'boolean', description: 'Blue-green: after the smoke test, keep the preview (paused) until resumed or promoted.' },
          reason: REASON,
        },
        required: ['version'],
        additionalProperties: false,
      },
      response: { 201: DETAIL, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const b = request.body as {
        version: string; strategy?: RolloutStrategy; steps?: number[]; bake?: string | number; max_bake?: string | number;
        min_samples?: number; mirror?: number; then_canary?: boolean; hold_preview?: boolean; reason?: string;
      };
      const strategy = b.strategy ?? defaults.default_strategy;
      noteAudit(request, 'rollouts.start', { version: b.version, strategy, reason: b.reason ?? null });
      const view = await service().start({
        version: b.version, strategy,
        steps: b.steps ?? defaults.steps,
        bake: b.bake ?? defaults.bake_seconds * 1000,
        maxBake: b.max_bake ?? (b.bake === undefined ? Math.max(defaults.max_bake_seconds, defaults.bake_seconds) * 1000 : undefined),
        minSamples: b.min_samples ?? defaults.min_predictions_per_step,
        mirror: b.mirror ?? defaults.mirror_percent,
        thenCanary: b.then_canary, holdPreview: b.hold_preview,
        actor: actorOf(request), reason: b.reason,
      });
      noteAudit(request, 'rollouts.start', { rollout: view.id, version: b.version, strategy, reason: b.reason ?? null });
      return reply.status(201).send(detail(view));
    },
  });

  app.get('/rollouts', {
    config: { role: 'viewer' },
    schema: {
      summary: 'Rollouts of this environment, newest first',
      tags: ['rollouts'],
      querystring: {
        type: 'object',
        properties: { active: { type: 'boolean', description: 'Only the active rollout.' }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        additionalProperties: false,
      },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: ROLLOUT } } }, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { active?: boolean; limit: number };
      const views = await service().list({ limit: q.limit });
      return { items: views.filter((v) => q.active === undefined || v.active === q.active).map(presentRollout) };
    },
  });

  app.get('/rollouts/:id', {
    config: { role: 'viewer' },
    schema: { summary: 'One rollout: state, latest analysis with every check, timeline', tags: ['rollouts'], params: ID_PARAMS, response: { 200: DETAIL, ...ERROR_RESPONSES } },
    handler: async (request) => detail(await service().status((request.params as { id: string }).id)),
  });

  for (const action of ROLLOUT_ACTIONS) {
    app.post(`/rollouts/:id/${action}`, {
      config: { role: 'deployer', audit: false },
      schema: {
        summary: `${action[0].toUpperCase()}${action.slice(1)} a rollout (a reason is required)`,
        tags: ['rollouts'],
        params: ID_PARAMS,
        body: {
          type: 'object',
          properties: { reason: REASON, ...(action === 'promote' ? { full: { type: 'boolean', description: 'Skip every remaining step.' } } : {}) },
          required: ['reason'],
          additionalProperties: false,
        },
        response: { 200: DETAIL, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        const { reason, full } = request.body as { reason: string; full?: boolean };
        noteAudit(request, `rollouts.${action}`, { reason, ...(full === undefined ? {} : { full }) });
        return detail(await act(service(), action, id, actorOf(request), reason, full));
      },
    });
  }

  app.post('/rollback', {
    config: { role: 'deployer', audit: false },
    schema: {
      summary: 'Move production back at once (rolling back the active rollout, if any)',
      tags: ['rollouts'],
      body: { type: 'object', properties: { to: { type: 'string', minLength: 1, maxLength: 200 }, reason: REASON }, required: ['reason'], additionalProperties: false },
      response: {
        200: { type: 'object', properties: { from: { type: 'string', nullable: true }, to: { type: 'string' }, rollout: { ...ROLLOUT, nullable: true } } },
        ...ERROR_RESPONSES,
      },
    },
    handler: async (request) => {
      const { to, reason } = request.body as { to?: string; reason: string };
      noteAudit(request, 'rollouts.rollback', { to: to ?? null, reason });
      const result = await service().rollback({ to, reason, actor: actorOf(request) });
      noteAudit(request, 'rollouts.rollback', { from: result.from, to: result.to, rollout: result.rollout?.id ?? null, reason });
      return { from: result.from, to: result.to, rollout: result.rollout ? presentRollout(result.rollout) : null };
    },
  });
}

/** The audit entry of a POST the handler never saw: its action from the route, the reason if the body had one. */
function refusedCall(request: FastifyRequest): { action: string; details: Record<string, string | null> } | undefined {
  const url = request.routeOptions.url ?? '';
  const action = url.endsWith('/rollouts') ? 'start' : url.endsWith('/rollback') ? 'rollback' : ROLLOUT_ACTIONS.find((a) => url.endsWith(`/${a}`));
  if (!action) return undefined;
  const reason = (request.body as { reason?: unknown } | undefined)?.reason;
  return { action: `rollouts.${action}`, details: { reason: typeof reason === 'string' ? reason : null } };
}

function act(service: RolloutService, action: RolloutAction, id: string, actor: string, reason: string, full?: boolean): Promise<RolloutView> {
  switch (action) {
    case 'promote': return service.promote(id, actor, reason, { full });
    case 'abort': return service.abort(id, actor, reason);
    case 'pause': return service.pause(id, actor, reason);
    case 'resume': return service.resume(id, actor, reason);
  }
}
