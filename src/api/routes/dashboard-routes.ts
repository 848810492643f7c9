import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { RiskgateError } from '../../errors.js';
import type { AppDeps } from '../app-deps.js';
import { ERROR_RESPONSES } from '../schemas.js';

/** Where `npm run build:web` writes the dashboard bundle. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Shown at / when the bundle has not been built (e.g. a server started without `npm start`). */
const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>riskgate</title>
<body style="font-family:system-ui;margin:3rem"><h1>riskgate</h1>
<p>The dashboard has not been built. Run <code>npm run build:web</code> (npm start does it), then reload.</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * The dashboard (web/dist, built with Vite) at `/` and `/assets/…`: public files, since the
 * page holds no data; it signs in with an API key and calls the API like any client.
 */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: DASHBOARD_DIST, serve: false });
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    if (!existsSync(`${DASHBOARD_DIST}index.html`)) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  app.get('/assets/:file', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params as { file: string };
    // Only names that exist in the bundle; never a path.
    const assets = existsSync(`${DASHBOARD_DIST}assets`) ? readdirSync(`${DASHBOARD_DIST}assets`) : [];
    if (!assets.includes(file)) throw new RiskgateError('NOT_FOUND', { what: `Asset ${file}` });
    return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${file}`);
  });
}

/** GET /whoami and GET /signature: what the dashboard needs to know about its caller and the model. */
export async function sessionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/whoami', {
    config: { role: 'viewer' },
    schema: {
      summary: 'The calling key: its name, role and the environment it talks to',
      tags: ['session'],
      response: {
        200: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, env: { type: 'string' } } },
        ...ERROR_RESPONSES,
      },
    },
    handler: async (request) => {
      const p = request.principal as { id: string; name: string; role: string };
      return { id: p.id, name: p.name, role: p.role, env: deps.config.env };
    },
  });

  app.get('/signature', {
    config: { role: 'viewer' },
    schema: {
      summary: "The production model's input signature: features, kinds, units, plausible ranges, codes",
      tags: ['session'],
      response: {
        200: { type: 'object', properties: { version: { type: 'string' }, signature: { type: 'object', additionalProperties: true } } },
        ...ERROR_RESPONSES,
      },
    },
    handler: async () => {
      const version = await deps.store.aliases.get('production');
      const pooled = version ? deps.pool.get(version) : undefined;
      if (!version || !pooled) throw new RiskgateError('NO_PRODUCTION_MODEL', { env: deps.config.env });
      return { version, signature: pooled.model.signature };
    },
  });
}
