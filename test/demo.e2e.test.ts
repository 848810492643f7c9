// `riskgate demo --fast` as a user runs it: a child process from nothing, asserting on its outcome.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/riskgate.js', import.meta.url));

describe('riskgate demo', () => {
  it('trains, serves, ships v2 through shadow and canary to production, and rolls a broken v3 back by itself', async () => {
    const child = spawn(process.execPath, [BIN, 'demo', '--fast'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEPLOYMENT_ENV: 'development' } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(0);
    expect(out).toMatch(/DEMO PASSED: v2 promoted, v3 rolled-back/);
    expect(out).toMatch(/v2 shadow: completed; v2 canary: completed; production is now model-v1\.1\.0-/);
    expect(out).toMatch(/v3 canary: rolled-back; v3 answered 0 predictions after its rollback/);
    expect(out).toMatch(/\(0 client errors\)/);
    // The timeline a person follows: each step, each analysis with its numbers, the failing check of v3.
    expect(out).toMatch(/Canary weight set to 5 %[\s\S]*Canary weight set to 25 %[\s\S]*Canary weight set to 100 %[\s\S]*promoted to production/);
    expect(out).toMatch(/agreement=0\.\d+ pairs=\d+/);
    expect(out).toMatch(/rolled_back Analysis failed( \d+ times in a row)?: [\s\S]*fail {4}(outcomes|risk-distribution)/);
  }, 120_000);
});
