import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PATIENT, TEST_SECRET } from './helpers/test-server.js';

const BIN = fileURLToPath(new URL('../bin/riskgate.js', import.meta.url));
/** Concurrent clients firing predictions. */
const CLIENTS = 16;
/** Acknowledged predictions after which the server is killed (mid-load: clients keep firing). */
const KILL_AFTER = 400;

/** A started server process, its URL, and what it printed on stderr. */
interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
}

/** Spawns `riskgate serve --port 0` in `cwd` and resolves once it prints its listening line. */
function startServer(cwd: string, configFile: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--config', configFile], {
    cwd, env: { ...process.env, SECRET_KEY: TEST_SECRET, DEPLOYMENT_ENV: 'development', DATABASE_URL: '', PORT: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"event":"listening","url":"([^"]+)"/.exec(out);
      if (m) resolve({ child, url: m[1], stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${err}`)));
  });
}

describe('durability: an acknowledged prediction survives kill -9', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rg-durability-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every prediction id that got a 200 after the server is killed under load and restarted', async () => {
    // A slow flush keeps most acknowledged predictions only in the journal when the kill comes.
    const configFile = join(dir, 'environments.yml');
    writeFileSync(configFile, 'development:\n  recorder:\n    flush_interval_ms: 1500\n  monitoring:\n    level: warn\n');
    const first = await startServer(dir, configFile);
    children.push(first.child);
    const adminKey = /rg_live_[A-Za-z0-9]+/.exec(first.stderr())?.[0];
    expect(adminKey).toBeDefined();
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };

    const acknowledged: string[] = [];
    let stop = false;
    const killed = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    const client = async (c: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${first.url}/api/v1/predict`, { method: 'POST', headers, body: JSON.stringify({ patient_id: `c${c}-${i}`, features: { ...PATIENT, age: 30 + (i % 50) } }) });
          if (res.status === 200) {
            acknowledged.push(((await res.json()) as { prediction_id: string }).prediction_id);
            if (acknowledged.length === KILL_AFTER) first.child.kill('SIGKILL');
          }
        } catch {
          // Connection refused or reset: the server is gone.
          stop = true;
        }
      }
    };
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), killed.then(() => (stop = true))]);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);

    const second = await startServer(dir, configFile);
    children.push(second.child);
    expect(second.stderr()).toMatch(/replayed \d+ journaled predictions/);
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await fetch(`${second.url}/api/v1/predictions/${id}`, { headers });
      if (res.status !== 200) missing.push(`${id}: ${res.status}`);
    }
    expect(missing).toEqual([]);
    second.child.kill('SIGTERM');
    await new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
    expect(second.child.exitCode).toBe(0);
  }, 180_000);
});
