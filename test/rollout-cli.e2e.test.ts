// The rollout commands as an operator runs them (child processes) against a live server.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSmokeTest } from '../src/cli/commands/smoke-test.js';
import { registerVersion, startLiveServer, type LiveServer } from './rollout-e2e-support.js';

const BIN = fileURLToPath(new URL('../bin/riskgate.js', import.meta.url));
const run = promisify(execFile);

let live: LiveServer;
let v2: string;
const keys: Record<string, string> = {};

/** Runs `riskgate ARGS` in the server's folder (same database) and returns its exit code and output. */
async function riskgate(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: live.dir, env: { ...process.env, DEPLOYMENT_ENV: 'development', SECRET_KEY: 'cli-e2e-secret-6c1f0a9b8e7d2c4f5a3b1e0d9c8b7a6f', DATABASE_URL: '' }, timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  live = await startLiveServer();
  v2 = await registerVersion(live, 'uci:cleveland,uci:hungarian');
  for (const role of ['deployer', 'viewer']) keys[role] = (await live.server.deps.keys.create({ role, name: `cli ${role}`, createdBy: 'test' })).plaintext;
});
afterAll(async () => {
  await live?.close();
});

describe('riskgate deploy, smoke-test, rollout, rollback, report', () => {
  it('walks a blue-green rollout from the command line', async () => {
    const server = ['--url', live.url];
    const deploy = await riskgate('deploy', v2, ...server, '--key', keys.deployer, '--strategy', 'blue-green', '--hold-preview', '--reason', 'cli test');
    expect(deploy.code, deploy.out).toBe(0);
    expect(deploy.out).toMatch(/Phase: +paused/);
    expect(deploy.out).toMatch(/Smoke: +passed — 20 of 20 smoke cases reproduced exactly/);
    const id = /Rollout (ro_[\w-]+)/.exec(deploy.out)![1];

    const second = await riskgate('deploy', v2, ...server, '--key', keys.deployer, '--strategy', 'canary');
    expect(second.code).not.toBe(0);
    expect(second.out).toMatch(/already active/);

    const smoke = await riskgate('smoke-test', ...server, '--key', keys.deployer, '--version', v2);
    expect(smoke.code, smoke.out).toBe(0);
    expect(smoke.out).toMatch(/\(blue-green preview\).*20 of 20 cases reproduced exactly/);

    const status = await riskgate('rollout', 'status', ...server, '--key', keys.viewer);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toContain(`Rollout ${id} (blue-green)`);
    expect(status.out).toMatch(/Timeline:[\s\S]*started[\s\S]*Smoke test passed/);

    const viewerResume = await riskgate('rollout', 'resume', id, ...server, '--key', keys.viewer, '--reason', 'not allowed');
    expect(viewerResume.code).not.toBe(0);
    expect(viewerResume.out).toMatch(/deployer role/);

    const resume = await riskgate('rollout', 'resume', id, ...server, '--key', keys.deployer, '--reason', 'preview checked');
    expect(resume.code, resume.out).toBe(0);
    expect(resume.out).toMatch(/Traffic: 0 % .* 100 % .*\(switched\)/);

    const back = await riskgate('rollback', ...server, '--key', keys.deployer, '--reason', 'cli test rollback');
    expect(back.code, back.out).toBe(0);
    expect(back.out).toContain(`Rollout ${id} (blue-green of ${v2}) is rolled-back.`);

    const md = await riskgate('report', '--rollout', id, '--format', 'md');
    expect(md.code, md.out).toBe(0);
    expect(md.out).toMatch(/## Decision\n\n\*\*rolled-back\*\* at .* by cli deployer \(.*\): Rolled back by cli deployer/);
    expect(md.out).toMatch(/## Timeline[\s\S]*\*\*started\*\*[\s\S]*\*\*rolled_back\*\*/);
    expect(md.out).toMatch(/## Metrics before and after/);
    const html = await riskgate('report', '--rollout', id, '--format', 'html');
    expect(html.out).toMatch(/^<!doctype html>/);
  }, 120_000);

  it('smoke-test fails on any difference from the stored outputs', async () => {
    const info = await live.server.deps.registry!.get(live.v1);
    const tampered = { ...info.smokeSet!, cases: info.smokeSet!.cases.map((c, i) => (i === 3 ? { ...c, expected: { ...c.expected, probability: c.expected.probability + 1e-12 } } : c)) };
    const { ApiClient } = await import('../src/cli/commands/api-client.js');
    const result = await runSmokeTest(new ApiClient(live.url, keys.deployer), live.v1, tampered, false);
    expect(result.passed).toBe(false);
    expect(result.results.filter((r) => !r.ok).map((r) => r.index)).toEqual([3]);
  });
});
