import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, featureNames, loadDataset } from '../../data/index.js';
import { startTestServer, type TestServer } from '../../../test/helpers/test-server.js';

describe('batch scoring jobs over HTTP', () => {
  let server: TestServer;
  let auth: { authorization: string };
  const names = featureNames(HEART_SIGNATURE);
  beforeAll(async () => {
    server = await startTestServer();
    auth = { authorization: `Bearer ${server.adminKey}` };
  }, 120_000);
  afterAll(async () => server?.dispose());

  function csvOf(site: string, extra: string[] = []): string {
    const d = loadDataset(site);
    const lines = [['id', ...names].join(',')];
    for (let i = 0; i < d.n; i++) lines.push([`${site}-${i}`, ...Array.from(d.x.subarray(i * 13, i * 13 + 13), (v) => (Number.isNaN(v) ? '' : v))].join(','));
    return [...lines, ...extra].join('\n') + '\n';
  }

  async function waitDone(id: string): Promise<Record<string, unknown>> {
    for (let i = 0; i < 300; i++) {
      const res = await server.app.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers: auth });
      const body = res.json() as Record<string, unknown>;
      if (body.state === 'succeeded' || body.state === 'failed') return body;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('accepts a CSV upload, runs it in the background, and serves the scores and the rejects', async () => {
    const bad = `broken,63,1,9,145,233,1,2,150,0,2.3,3,0,6`;
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/jobs/score?explain=true', headers: { ...auth, 'content-type': 'text/csv' }, payload: csvOf('uci:hungarian', [bad]) });
    expect(created.statusCode).toBe(202);
    const job = created.json() as { id: string; state: string; links: { result: string } };
    expect(created.headers.location).toBe(`/api/v1/jobs/${job.id}`);
    const done = await waitDone(job.id);
    expect(done).toMatchObject({ state: 'succeeded', result: { rows: 295, accepted: 294, rejected: 1 }, progress: { done: 295, total: 295 } });
    const scores = await server.app.inject({ method: 'GET', url: job.links.result, headers: auth });
    expect(scores.statusCode).toBe(200);
    expect(scores.headers['content-type']).toContain('text/csv');
    const lines = scores.body.trim().split('\n');
    expect(lines).toHaveLength(295);
    expect(lines[0].split(',').slice(0, 5)).toEqual(['id', 'probability', 'raw', 'band', 'base_value']);
    const rejects = await server.app.inject({ method: 'GET', url: `${job.links.result}?file=rejects`, headers: auth });
    expect(rejects.body).toContain('broken');
    expect(rejects.body).toMatch(/cp: /);
  });

  it('answers clear errors: wrong content type, unknown job, result not ready, no key', async () => {
    const json = await server.app.inject({ method: 'POST', url: '/api/v1/jobs/score', headers: auth, payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const missing = await server.app.inject({ method: 'GET', url: '/api/v1/jobs/nope', headers: auth });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const anon = await server.app.inject({ method: 'POST', url: '/api/v1/jobs/score', headers: { 'content-type': 'text/csv' }, payload: 'a,b\n' });
    expect(anon.statusCode).toBe(401);
    // A file without the feature columns fails as a job with a message naming them.
    const created = await server.app.inject({ method: 'POST', url: '/api/v1/jobs/score', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'id,age\n1,50\n' });
    const failed = await waitDone((created.json() as { id: string }).id);
    expect(failed.state).toBe('failed');
    expect(String(failed.error)).toContain('sex');
    const notReady = await server.app.inject({ method: 'GET', url: `/api/v1/jobs/${(created.json() as { id: string }).id}/result`, headers: auth });
    expect(notReady.statusCode).toBe(409);
  });
});
