import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HEART_SIGNATURE, loadDataset, subsetDataset } from '../../data/index.js';
import { isRiskgateError } from '../../errors.js';
import { buildReferenceProfile, compareToReference, type DriftResponse } from '../../monitor/index.js';
import { DRIFT_ROUTE, fetchDrift, formatDriftResponse, registerDrift } from './drift.js';

// A real HTTP server on 127.0.0.1 answers the drift route with reports computed from real
// data: a Cleveland reference against the Swiss patients. Age / 100 stands in for the
// predicted risk: the CLI only prints what the server computed.
const cleveland = loadDataset('uci:cleveland');
const swiss = loadDataset('uci:switzerland');
const pseudoRisk = (d: typeof cleveland) => Float64Array.from({ length: d.n }, (_, i) => d.x[i * d.features.length] / 100);
const profile = buildReferenceProfile(cleveland, { signature: HEART_SIGNATURE, risks: pseudoRisk(cleveland) });
const sample = (d: typeof cleveland) => ({ n: d.n, featureCount: d.features.length, x: d.x, probabilities: pseudoRisk(d) });
const RESPONSE: DriftResponse = {
  generatedAt: Date.UTC(2026, 10, 23),
  reports: [
    compareToReference(profile, sample(swiss), {}, { modelVersion: '1.2.0', arm: 'stable', window: { from: 0, to: 600_000 } }),
    compareToReference(profile, sample(subsetDataset(swiss, [0, 1, 2])), {}, { modelVersion: '1.3.0', arm: 'canary' }),
  ],
};

let server: Server;
let url: string;
const seen: IncomingMessage[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    res.setHeader('content-type', 'application/json');
    if (req.headers.authorization !== 'Bearer rg_test_key') {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'A valid API key is required.', details: {} } }));
      return;
    }
    res.end(JSON.stringify(new URL(req.url!, 'http://x').pathname === DRIFT_ROUTE ? RESPONSE : { nope: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const program = new Command().exitOverride();
  registerDrift(program);
  await program.parseAsync(['drift', ...args], { from: 'user' });
  return out.join('');
}

describe('riskgate drift', () => {
  it('prints a table per arm, flags drift and exits 3', async () => {
    const text = await run(['--url', url, '--api-key', 'rg_test_key', '--version', '1.2.0', '--window', '10m']);
    const query = new URL(seen.at(-1)!.url!, 'http://x').searchParams;
    expect(query.get('version')).toBe('1.2.0');
    expect(query.get('window')).toBe('10m');
    expect(text).toContain('Model 1.2.0 (stable): 123 predictions from 1970-01-01T00:00:00.000Z to 1970-01-01T00:10:00.000Z against uci:cleveland — DRIFT');
    expect(text).toMatch(/^chol\s+DRIFT\s+\d+\.\d{3}\s+—\s+<0\.0001\s+0\.0%→100\.0%\s+—$/m);
    expect(text).toMatch(/^predicted risk\s+/m);
    expect(text).toContain('Model 1.3.0 (canary): 3 predictions');
    expect(text).toContain('(at least 100 predictions are needed before drift can be judged)');
    expect(process.exitCode).toBe(3);
  });

  it('prints the raw JSON with --json', async () => {
    const text = await run(['--url', url, '--api-key', 'rg_test_key', '--json']);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(RESPONSE)));
  });

  it('says so when there is nothing to compare', () => {
    expect(formatDriftResponse({ generatedAt: 0, reports: [] })).toMatch(/No model arm/);
    const imported = formatDriftResponse({ generatedAt: 0, reports: [], unavailable: [{ modelVersion: '2.0.0', arm: 'stable', n: 40, reason: 'no reference profile: the artifact holds none' }] });
    expect(imported).toBe('Model 2.0.0 (stable): 40 predictions, not compared — no reference profile: the artifact holds none\n');
  });

  it('surfaces the server\'s error code, and an unreachable server as SERVICE_UNAVAILABLE', async () => {
    const denied = await fetchDrift({ baseUrl: url }).catch((e: unknown) => e);
    expect(isRiskgateError(denied, 'UNAUTHENTICATED')).toBe(true);
    expect((denied as Error).message).toBe('A valid API key is required.');
    const down = await fetchDrift({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(isRiskgateError(down, 'SERVICE_UNAVAILABLE')).toBe(true);
  });
});
