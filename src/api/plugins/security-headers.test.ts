import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { helmetHeaders, installSecurityHeaders } from './security-headers.js';

describe('security headers', () => {
  it('are exactly the headers helmet itself sends on a real response, computed once', async () => {
    const options = { contentSecurityPolicy: false } as const;
    // The oracle: helmet's middleware on a plain Node server that also sets X-Powered-By.
    const plain = createServer((req, res) => {
      res.setHeader('X-Powered-By', 'something');
      helmet(options)(req, res, () => res.end('{}'));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const viaHelmet = await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
    plain.close();
    const ours = Fastify();
    installSecurityHeaders(ours, options);
    ours.get('/x', async (_request, reply) => reply.header('x-powered-by', 'something').send({}));
    const res = await ours.inject({ url: '/x' });
    const securityOf = (names: Iterable<string>) => [...names].filter((n) => !['date', 'content-length', 'content-type', 'connection', 'keep-alive', 'transfer-encoding'].includes(n)).sort();
    const expected = securityOf(viaHelmet.headers.keys());
    expect(securityOf(Object.keys(res.headers))).toEqual(expected);
    for (const name of expected) expect(res.headers[name], name).toBe(viaHelmet.headers.get(name));
    expect(expected).toContain('strict-transport-security');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses to freeze a Content-Security-Policy, which may carry per-request nonces', () => {
    expect(() => helmetHeaders({})).toThrow(/Content-Security-Policy/);
  });
});
