import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The response headers helmet sets under `options`, computed once by running helmet's own
 * middleware against a recording response. Without a Content-Security-Policy (no nonces)
 * they never depend on the request, so there is no reason to run helmet — eleven
 * `setHeader` calls with their validation — on every request. Headers helmet removes
 * (X-Powered-By) are listed with `null`.
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string | null>> {
  if (options.contentSecurityPolicy !== false) {
    throw new Error('helmetHeaders: a Content-Security-Policy may carry per-request nonces; compute it per request instead');
  }
  const headers: Record<string, string | null> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void (headers[name.toLowerCase()] = null),
    getHeader: (name: string) => headers[name.toLowerCase()] ?? undefined,
  };
  let failure: unknown = null;
  helmet(options)({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (e?: unknown) => (failure = e ?? null));
  if (failure) throw failure;
  return Object.freeze(headers);
}

/** Sends helmet's headers (see {@link helmetHeaders}) on every response of `app`. */
export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const all = helmetHeaders(options);
  const set = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null));
  const removed = Object.keys(all).filter((name) => all[name] === null);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(set);
    done();
  });
  if (removed.length > 0) {
    app.addHook('onSend', (_request, reply, payload, done) => {
      for (const name of removed) reply.removeHeader(name);
      done(null, payload);
    });
  }
}
