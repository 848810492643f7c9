import { describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';

const url = process.env.REDIS_URL_TEST;
const inCi = process.env.CI === 'true';

/** Null when Redis answers at url, else why not. */
async function probe(): Promise<string | null> {
  if (!url) return 'REDIS_URL_TEST is not set';
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? null : 'Redis did not answer PONG';
  } catch (e) {
    return `Redis at REDIS_URL_TEST does not answer: ${(e as Error).message}`;
  } finally {
    client.disconnect();
  }
}
const problem = await probe();

describe.skipIf(problem !== null && !inCi)(`rate limits shared through Redis${problem ? ` — skipped locally: ${problem}` : ''}`, () => {
  it('counts one client across two replicas', async () => {
    if (problem) throw new Error(`CI requires Redis: ${problem}`);
    const settings = { vars: { REDIS_URL: url! }, overrides: { security: { rate_limit: { per_minute: 1000, per_ip_per_minute: 3 } } } };
    const a = await startTestServer(settings);
    const b = await startTestServer(settings);
    try {
      // A fresh address per run, so counters left in Redis by earlier runs cannot interfere.
      const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
      const hit = async (s: typeof a) => (await s.app.inject({ method: 'GET', url: '/api/v1/keys', remoteAddress: ip, headers: { authorization: `Bearer ${s.adminKey}` } })).statusCode;
      expect([await hit(a), await hit(b), await hit(a)]).toEqual([200, 200, 200]);
      const fourth = await b.app.inject({ method: 'GET', url: '/api/v1/keys', remoteAddress: ip, headers: { authorization: `Bearer ${b.adminKey}` } });
      expect([fourth.statusCode, JSON.parse(fourth.body).error.code]).toEqual([429, 'RATE_LIMITED']);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
