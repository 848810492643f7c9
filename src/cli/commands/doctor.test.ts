import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../registry/index.js';
import { writeTrainedArtifact } from '../../registry/registry-test-support.js';
import { openStore } from '../../store/index.js';
import { checkNode } from './doctor-checks.js';

const BIN = fileURLToPath(new URL('../../../bin/riskgate.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'riskgate-doctor-'));
const modelPath = join(dir, 'models');
const dbFile = join(dir, 'var', 'doctor.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `riskgate doctor` in a child process with only these settings changed (src/config reads them there). */
function doctor(vars: Record<string, string>): Promise<{ code: number; stdout: string }> {
  const env = { ...process.env, DEPLOYMENT_ENV: 'development', DATABASE_URL: `sqlite:${dbFile}`, MODEL_PATH: modelPath, REDIS_URL: '', ...vars };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'doctor'], { cwd: dir, env, timeout: 60_000 }, (error, stdout) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout });
    });
  });
}

/** The line of one check, e.g. 'OK    database  …'. */
const lineOf = (stdout: string, check: string): string => stdout.split('\n').find((l) => l.slice(6).startsWith(`${check} `)) ?? `(no ${check} line)`;

describe('riskgate doctor', () => {
  let version: string;
  beforeAll(async () => {
    const store = await openStore(`sqlite:${dbFile}`);
    await store.migrate();
    const registry = new ModelRegistry({ store, modelPath, env: 'development', strict: false });
    version = (await registry.register(writeTrainedArtifact(join(dir, 'trained')), { actor: 'test' })).version;
    await store.close();
  });

  it('passes on a migrated database with intact artifacts, one OK line per check', async () => {
    const { code, stdout } = await doctor({});
    expect(stdout).toContain('All checks passed.');
    expect(code).toBe(0);
    for (const check of ['node', 'config', 'database', 'clock', 'redis', 'disk']) expect(lineOf(stdout, check)).toMatch(/^OK /);
    expect(lineOf(stdout, 'artifacts')).toContain(`${version} checksums valid`);
  });

  it('names a tampered artifact file and says what to do, exiting 1', async () => {
    const file = join(modelPath, version, 'metadata.json');
    const { readFileSync } = await import('node:fs');
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from(' ')]));
    try {
      const { code, stdout } = await doctor({});
      expect(code).toBe(1);
      expect(lineOf(stdout, 'artifacts')).toMatch(new RegExp(`^FAIL .*${version}: metadata\\.json .*riskgate restore`));
    } finally {
      writeFileSync(file, original);
    }
  });

  it('tells to run migrate on an unmigrated database, and skips the checks that need it', async () => {
    const { code, stdout } = await doctor({ DATABASE_URL: `sqlite:${join(dir, 'var', 'fresh.db')}` });
    expect(code).toBe(1);
    expect(lineOf(stdout, 'database')).toMatch(/^FAIL .*pending migrations \(0001_initial, 0002_feedback_created_index, 0003_feedback_created_id_index\): run `riskgate migrate --env development`/);
    expect(stdout).not.toContain('artifacts');
  });

  it('reports an unreachable database and Redis, and invalid configuration', async () => {
    const down = await doctor({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1/0' });
    expect(down.code).toBe(1);
    expect(lineOf(down.stdout, 'database')).toMatch(/^FAIL .*not reachable.*fix DATABASE_URL/);
    expect(lineOf(down.stdout, 'redis')).toMatch(/^FAIL .*redis:\/\/127\.0\.0\.1:1\/0 does not answer.*start Redis/);
    const bad = await doctor({ METRICS_PORT: 'ninety' });
    expect(bad.code).toBe(1);
    expect(lineOf(bad.stdout, 'config')).toMatch(/^FAIL .*METRICS_PORT=ninety is not a port number/);
  });

  it('knows which Node.js releases are too old', () => {
    expect(checkNode('v20.19.0').ok).toBe(true);
    expect(checkNode('v22.1.0').ok).toBe(true);
    expect(checkNode('v20.18.3')).toMatchObject({ ok: false, message: expect.stringContaining('install Node.js 20.19') });
    expect(checkNode('v18.20.0').ok).toBe(false);
  });
});
