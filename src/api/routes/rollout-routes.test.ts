import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVersion, startLiveServer, type LiveServer } from '../../../test/rollout-e2e-support.js';

let live: LiveServer;
let v2: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  live = await startLiveServer();
  v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
  for (const role of ['viewer', 'predictor', 'deployer']) keys[role] = (await live.server.deps.keys.create({ role, name: `routes ${role}`, createdBy: 'test' })).plaintext;
});
afterAll(async () => {
  await live?.close();
});

const inject = (role: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  live.server.app.inject({ method, url, headers: { authorization: `Bearer ${keys[role]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('/api/v1/rollouts and /api/v1/rollback', () => {
  it('refuses changes below the deployer role, and reads below viewer', async () => {
    const start = await inject('predictor', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'canary' });
    expect(start.statusCode).toBe(403);
    expect(start.json().error.code).toBe('FORBIDDEN');
    expect((await inject('viewer', 'POST', '/api/v1/rollback', { reason: 'x' })).statusCode).toBe(403);
    expect((await live.server.app.inject({ method: 'GET', url: '/api/v1/rollouts' })).statusCode).toBe(401);
    expect((await inject('viewer', 'GET', '/api/v1/rollouts')).statusCode).toBe(200);
  });

  it('rejects bad bodies with 400 naming the problem, never a 500', async () => {
    const badStrategy = await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'big-bang' });
    expect(badStrategy.statusCode).toBe(400);
    const badSteps = await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'canary', steps: [50, 25] });
    expect(badSteps.statusCode).toBe(400);
    expect(badSteps.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/increase/) });
    const badBake = await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'canary', bake: 'soon' });
    expect(badBake.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/not a duration/) });
    const unknown = await inject('deployer', 'POST', '/api/v1/rollouts', { version: 'model-v9.9.9-20261123-0000', strategy: 'canary' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('MODEL_NOT_FOUND');
    expect((await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, extra: 1 })).statusCode).toBe(400);
    expect((await inject('viewer', 'GET', '/api/v1/rollouts/ro_nope')).json().error.code).toBe('ROLLOUT_NOT_FOUND');
  });

  it('starts one rollout, refuses a second with ROLLOUT_CONFLICT, needs a reason for actions, and audits each call with it', async () => {
    const started = await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'canary', bake: '10m', reason: 'route test' });
    expect(started.statusCode).toBe(201);
    const { rollout, events } = started.json();
    expect(rollout).toMatchObject({ strategy: 'canary', phase: 'progressing', candidate: v2, stable: live.v1, canary_weight: 20, steps: [20, 50, 100], step_index: 0, analysis: null });
    expect(events.map((e: { type: string }) => e.type)).toEqual(['started', 'step']);

    const second = await inject('deployer', 'POST', '/api/v1/rollouts', { version: v2, strategy: 'shadow' });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({ code: 'ROLLOUT_CONFLICT', details: { active: rollout.id } });

    expect((await inject('deployer', 'POST', `/api/v1/rollouts/${rollout.id}/pause`, {})).statusCode).toBe(400);
    const paused = await inject('deployer', 'POST', `/api/v1/rollouts/${rollout.id}/pause`, { reason: 'lunch' });
    expect(paused.json().rollout).toMatchObject({ phase: 'paused', paused: { kind: 'manual', reason: expect.stringContaining('lunch') } });
    const again = await inject('deployer', 'POST', `/api/v1/rollouts/${rollout.id}/pause`, { reason: 'twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ROLLOUT_INVALID_ACTION');

    const active = await inject('viewer', 'GET', '/api/v1/rollouts?active=true');
    expect(active.json().items.map((r: { id: string }) => r.id)).toEqual([rollout.id]);

    const aborted = await inject('deployer', 'POST', `/api/v1/rollouts/${rollout.id}/abort`, { reason: 'route test done' });
    expect(aborted.json().rollout).toMatchObject({ phase: 'aborted', canary_weight: 20, outcome: { reason: expect.stringContaining('route test done') } });
    expect(live.server.deps.router.plan()).toMatchObject({ stable: live.v1, canary: null, canaryWeight: 0 });
    expect((await inject('viewer', 'GET', '/api/v1/rollouts?active=true')).json().items).toEqual([]);

    // Newest first: the conflicting second start, the one that started, and the refused predictor's attempt.
    const starts = (await live.server.deps.audit.list({ action: 'rollouts.start' })).items;
    expect(starts.map((s) => s.result)).toEqual(expect.arrayContaining(['error:409', 'ok', 'denied']));
    expect(starts.find((s) => s.result === 'ok')).toMatchObject({ target: rollout.id, details: { reason: 'route test', strategy: 'canary', version: v2 } });
    // Newest first: the refused second pause (audited too), then the first.
    const pauses = (await live.server.deps.audit.list({ action: 'rollouts.pause' })).items;
    expect(pauses.map((p) => [p.result, p.details.reason])).toEqual([['error:409', 'twice'], ['ok', 'lunch'], ['error:400', null]]);
    const [abort] = (await live.server.deps.audit.list({ action: 'rollouts.abort' })).items;
    expect(abort).toMatchObject({ target: rollout.id, details: { reason: 'route test done' } });
  });
});
