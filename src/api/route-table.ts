import type { FastifyInstance } from 'fastify';

/** Compiled URL patterns of every route, per app (filled by {@link trackRoutes}). */
const TABLES = new WeakMap<FastifyInstance, { pattern: RegExp; methods: Set<string> }[]>();

/** `/a/:id/b` → /^\/a\/[^/]+\/b\/?$/ ; `*` matches the rest. */
function compile(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * Records every route the app declares, so the not-found handler can tell an unknown URL
 * (404) from a known URL asked with the wrong method (405). Call before routes register.
 */
export function trackRoutes(app: FastifyInstance): void {
  const table: { pattern: RegExp; methods: Set<string> }[] = [];
  TABLES.set(app, table);
  app.addHook('onRoute', (route) => {
    // CORS preflight (OPTIONS *) and implicit HEAD routes say nothing about a URL's methods.
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'OPTIONS' && m !== 'HEAD');
    if (methods.length === 0) return;
    table.push({ pattern: compile(route.url), methods: new Set(methods.map((m) => m.toUpperCase())) });
  });
}

/** True when some route matches the URL, but none with this method. */
export function matchesOtherMethod(app: FastifyInstance, method: string, url: string): boolean {
  const table = TABLES.get(app) ?? [];
  const matching = table.filter((r) => r.pattern.test(url));
  return matching.length > 0 && !matching.some((r) => r.methods.has(method.toUpperCase()));
}
