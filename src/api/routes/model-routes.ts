import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RiskgateError } from '../../errors.js';
import { formatReport, REPORT_FORMATS, runGates } from '../../gates/index.js';
import { ALIASES, CARD_FORMATS, parseSignature, readSignatureOption, type ModelRegistry, type VersionInfo } from '../../registry/index.js';
import type { AliasMove } from '../../store/index.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';

/** Artifact uploads carry a whole model; deep forests run to megabytes of JSON. */
const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
/** Artifact file names: plain names in the folder (the artifact format's own rule). */
const FILE_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

const VERSION_SUMMARY = {
  type: 'object',
  properties: {
    version: { type: 'string' }, aliases: { type: 'array', items: { type: 'string' } }, checksum: { type: 'string' },
    algorithm: { type: 'string' }, signature: { type: 'string' }, threshold: { type: 'number', nullable: true },
    auc: { type: 'number', nullable: true }, created_at: { type: 'string' }, created_by: { type: 'string', nullable: true },
  },
} as const;

const VERSION_DETAILS = {
  type: 'object',
  properties: {
    ...VERSION_SUMMARY.properties,
    path: { type: 'string' },
    change: { type: 'string', nullable: true },
    metadata: { type: 'object', additionalProperties: true },
    evaluation: { type: 'object', nullable: true, additionalProperties: true },
    smoke_set: { type: 'object', nullable: true, properties: { source: { type: 'string' }, patients: { type: 'integer' } } },
    gate_reports: { type: 'object', additionalProperties: true },
  },
} as const;

const ALIAS_MOVE = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, alias: { type: 'string' }, from: { type: 'string', nullable: true }, to: { type: 'string', nullable: true },
    actor: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string' },
  },
} as const;

const VERSION_PARAMS = { type: 'object', properties: { version: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['version'] } as const;
const VERSION_OPTIONS = {
  version: { type: 'string', description: 'version name (default: by the versioning rule)' },
  validation_data: { type: 'string', description: 'server-side path of a labelled CSV for non-heart signatures' },
} as const;

function summary(v: VersionInfo): Record<string, unknown> {
  return {
    version: v.version, aliases: v.aliases, checksum: v.checksum, algorithm: v.metadata.algorithm, signature: v.metadata.signature.name,
    threshold: v.metadata.threshold, auc: v.notes.evaluation?.auc.auc ?? null, created_at: new Date(v.createdAt).toISOString(), created_by: v.createdBy,
  };
}

function details(v: VersionInfo): Record<string, unknown> {
  return {
    ...summary(v), path: v.path, change: v.notes.change, metadata: v.metadata, evaluation: v.notes.evaluation,
    smoke_set: v.smokeSet ? { source: v.smokeSet.source, patients: v.smokeSet.cases.length } : null, gate_reports: v.notes.gate_reports,
  };
}

const move = (m: AliasMove): Record<string, unknown> => ({ ...m, at: new Date(m.at).toISOString() });

/** The registry, or 503 when the server runs without one. */
function registryOf(deps: AppDeps): ModelRegistry {
  if (!deps.registry) throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: 'this server runs without a model registry' });
  return deps.registry;
}

/** Sends text with its content type. */
function sendText(reply: FastifyReply, format: string, text: string): FastifyReply {
  const type = format === 'html' ? 'text/html; charset=utf-8' : format === 'md' ? 'text/markdown; charset=utf-8' : 'application/json; charset=utf-8';
  return reply.type(type).send(text);
}

/**
 * /models: list, show, register by upload (JSON body with the artifact's files), import an
 * XGBoost JSON model, promote (strict environments need passing gates and staging first),
 * alias history and aliasAt, model cards, gate reports, artifact integrity. Changes need the
 * deployer role and are audited.
 */
export async function modelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const actorOf = (request: { principal?: { id: string } | null }): string => `key:${request.principal?.id ?? 'unknown'}`;

  app.get('/models', {
    schema: { summary: 'Registered model versions, oldest first', tags: ['models'], response: { 200: { type: 'object', properties: { items: { type: 'array', items: VERSION_SUMMARY } } }, ...ERROR_RESPONSES } },
    handler: async () => ({ items: (await registryOf(deps).list()).map(summary) }),
  });

  app.get('/models/history', {
    schema: {
      summary: 'Alias moves (from, to, who, when, why), newest first', tags: ['models'],
      querystring: { type: 'object', properties: { alias: { type: 'string', enum: [...ALIASES] } }, additionalProperties: false },
      response: { 200: { type: 'object', properties: { items: { type: 'array', items: ALIAS_MOVE } } }, ...ERROR_RESPONSES },
    },
    handler: async (request) => ({ items: (await registryOf(deps).history((request.query as { alias?: string }).alias)).map(move) }),
  });

  app.get('/models/at', {
    schema: {
      summary: 'Which version held an alias at a given time', tags: ['models'],
      querystring: { type: 'object', properties: { alias: { type: 'string', enum: [...ALIASES] }, time: { type: 'string', format: 'date-time' } }, required: ['alias', 'time'], additionalProperties: false },
      response: { 200: { type: 'object', properties: { alias: { type: 'string' }, time: { type: 'string' }, version: { type: 'string', nullable: true } } }, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const q = request.query as { alias: string; time: string };
      return { alias: q.alias, time: new Date(q.time).toISOString(), version: await registryOf(deps).aliasAt(q.alias, Date.parse(q.time)) };
    },
  });

  app.get('/models/integrity', {
    schema: {
      summary: 'Checksums of every artifact, verified now', tags: ['models'],
      response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, items: { type: 'array', items: { type: 'object', properties: { version: { type: 'string' }, ok: { type: 'boolean' }, checksum: { type: 'string' }, file: { type: 'string', nullable: true }, reason: { type: 'string', nullable: true } } } } } }, ...ERROR_RESPONSES },
    },
    handler: async () => {
      const items = await registryOf(deps).integrity();
      return { ok: items.every((i) => i.ok), items };
    },
  });

  app.get('/models/:version', {
    schema: { summary: 'One version (or the version an alias points at)', tags: ['models'], params: VERSION_PARAMS, response: { 200: VERSION_DETAILS, ...ERROR_RESPONSES } },
    handler: async (request) => details(await registryOf(deps).get((request.params as { version: string }).version)),
  });

  app.post('/models', {
    bodyLimit: MAX_UPLOAD_BYTES,
    config: { role: 'deployer', audit: 'models.register' },
    schema: {
      summary: 'Register an artifact uploaded as its files (model.json, metadata.json, checksums.sha256, …)', tags: ['models'],
      body: {
        type: 'object',
        properties: { files: { type: 'object', propertyNames: { pattern: FILE_NAME }, additionalProperties: { type: 'string' }, minProperties: 1, maxProperties: 32 }, ...VERSION_OPTIONS },
        required: ['files'], additionalProperties: false,
      },
      response: { 201: VERSION_DETAILS, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const registry = registryOf(deps);
      const body = request.body as { files: Record<string, string>; version?: string; validation_data?: string };
      // The upload becomes a folder beside the artifacts (same file system), registered, then removed.
      const dir = join(registry.modelPath, `.upload-${randomBytes(6).toString('hex')}`);
      mkdirSync(dir, { recursive: true });
      try {
        for (const [name, text] of Object.entries(body.files)) writeFileSync(join(dir, name), text, { mode: 0o644 });
        const v = await registry.register(dir, { actor: actorOf(request), version: body.version, validationData: body.validation_data });
        return reply.status(201).send(details(v));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  });

  app.post('/models/import', {
    bodyLimit: MAX_UPLOAD_BYTES,
    config: { role: 'deployer', audit: 'models.import' },
    schema: {
      summary: 'Import an XGBoost JSON model (binary:logistic) under a signature', tags: ['models'],
      body: {
        type: 'object',
        properties: {
          format: { type: 'string', enum: ['xgboost-json'] },
          model: { type: 'object', additionalProperties: true, description: 'the model as XGBoost wrote it (save_model("x.json"))' },
          signature: { description: '"heart", or a signature object', anyOf: [{ type: 'string', enum: ['heart'] }, { type: 'object', additionalProperties: true }] },
          threshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
          ...VERSION_OPTIONS,
        },
        required: ['format', 'model'], additionalProperties: false,
      },
      response: { 201: VERSION_DETAILS, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const body = request.body as { model: unknown; signature?: string | object; threshold: number; version?: string; validation_data?: string };
      const signature = body.signature === undefined ? undefined : typeof body.signature === 'string' ? readSignatureOption(body.signature) : parseSignature(body.signature, 'signature');
      const v = await registryOf(deps).importXgboost(body.model, { actor: actorOf(request), signature, threshold: body.threshold, version: body.version, validationData: body.validation_data });
      return reply.status(201).send(details(v));
    },
  });

  app.post('/models/:version/promote', {
    config: { role: 'deployer', audit: 'models.promote' },
    schema: {
      summary: 'Point an alias at a version (strict environments: passing gates, staging before production)', tags: ['models'],
      params: VERSION_PARAMS,
      body: { type: 'object', properties: { alias: { type: 'string', enum: [...ALIASES] }, reason: { type: 'string', minLength: 1, maxLength: 1000 } }, required: ['alias', 'reason'], additionalProperties: false },
      response: { 200: ALIAS_MOVE, ...ERROR_RESPONSES },
    },
    handler: async (request) => {
      const { version } = request.params as { version: string };
      const body = request.body as { alias: string; reason: string };
      return move(await registryOf(deps).promote(version, body.alias, { actor: actorOf(request), reason: body.reason }));
    },
  });

  app.get('/models/:version/card', {
    schema: {
      summary: 'The model card (Markdown, or self-contained HTML with SVG figures)', tags: ['models'], params: VERSION_PARAMS,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: [...CARD_FORMATS], default: 'html' } }, additionalProperties: false },
      response: { 200: { type: 'string' }, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const { format } = request.query as { format: 'md' | 'html' };
      return sendText(reply, format, await registryOf(deps).card((request.params as { version: string }).version, format));
    },
  });

  app.post('/models/:version/validate', {
    config: { role: 'deployer', audit: 'models.validate' },
    schema: {
      summary: 'Run the validation gates with this environment\'s thresholds; 200 with the report whether or not it passes', tags: ['models'], params: VERSION_PARAMS,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: [...REPORT_FORMATS], default: 'json' } }, additionalProperties: false },
      response: { 200: { type: 'string' }, ...ERROR_RESPONSES },
    },
    handler: async (request, reply) => {
      const registry = registryOf(deps);
      const { format } = request.query as { format: string };
      const report = await runGates(registry, (request.params as { version: string }).version, { env: deps.config.env, thresholds: deps.config.gates });
      await registry.recordGateVerdict(report.version, deps.config.env, { passed: report.passed, summary: report.summary });
      return sendText(reply, format, formatReport(report, format));
    },
  });
}
