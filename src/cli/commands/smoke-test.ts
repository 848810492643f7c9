import type { Command } from 'commander';
import type { RolloutJson } from '../../api/index.js';
import { RiskgateError } from '../../errors.js';
import { openGatedRegistry } from '../../gates/index.js';
import type { SmokeSet } from '../../registry/index.js';
import { ApiClient, type ServerOptions } from './api-client.js';
import { printLines, withConfiguredStore } from './configured-store.js';
import { withServerOptions } from './rollout.js';

/** Header that asks for the blue-green preview (deployer keys only). */
export const PREVIEW_HEADER = 'X-Riskgate-Preview';
/** Tries per case when another version answers (a canary may take a random request). */
const TRIES_PER_CASE = 5;

/** One smoke case's outcome. */
export interface SmokeCaseResult {
  readonly index: number;
  readonly ok: boolean;
  /** Why it differs (null when ok). */
  readonly difference: string | null;
}

/** What a smoke test against a server found. */
export interface SmokeRun {
  readonly version: string;
  readonly preview: boolean;
  readonly results: readonly SmokeCaseResult[];
  readonly passed: boolean;
}

interface PredictAnswer {
  readonly model: { readonly version: string };
  readonly risk: { readonly probability: number };
  readonly served_by: string;
}

/**
 * Sends every case of `smoke` to the server (as the preview when `preview`) and compares the
 * answer with the stored output bit for bit: the version must be `version` and the probability
 * exactly the one recorded at registration. A request another version answers (a canary's
 * share) is sent again, up to 5 times.
 */
export async function runSmokeTest(client: ApiClient, version: string, smoke: SmokeSet, preview: boolean): Promise<SmokeRun> {
  const headers: Record<string, string> = preview ? { [PREVIEW_HEADER.toLowerCase()]: 'true' } : {};
  const results: SmokeCaseResult[] = [];
  for (const [index, c] of smoke.cases.entries()) {
    let answer: PredictAnswer | null = null;
    for (let attempt = 0; attempt < TRIES_PER_CASE && (answer === null || answer.model.version !== version); attempt++) {
      answer = await client.post<PredictAnswer>('/api/v1/predict?explain=false', { features: c.features }, headers);
    }
    const got = answer as PredictAnswer;
    const difference = got.model.version !== version
      ? `answered by ${got.model.version} (${got.served_by}), not ${version}`
      : Object.is(got.risk.probability, c.expected.probability) ? null : `probability ${got.risk.probability}, expected ${c.expected.probability}`;
    results.push({ index, ok: difference === null, difference });
  }
  return { version, preview, results, passed: results.length > 0 && results.every((r) => r.ok) };
}

/** Whether `version` must be reached as the blue-green preview, or answers normally as production. */
async function routeOf(client: ApiClient, version: string, production: string | null): Promise<boolean> {
  const active = (await client.get<{ items: RolloutJson[] }>('/api/v1/rollouts?active=true&limit=5')).items[0];
  if (active && active.candidate === version && active.preview) return true;
  if (version === production || (active?.switched && active.candidate === version)) return false;
  throw new RiskgateError('BAD_REQUEST', {
    reason: `${version} is neither production${production ? ` (${production})` : ''} nor a blue-green preview on this server; deploy it with --strategy blue-green to smoke-test it before it takes traffic`,
  });
}

/**
 * `riskgate smoke-test --env E [--version V]`: runs the registry's smoke set of V (default:
 * production) against the running server — through the preview header when V is a blue-green
 * candidate — and exits 1 on any difference.
 */
export function registerSmokeTest(program: Command): void {
  withServerOptions(program.command('smoke-test'))
    .description('Replay a version\'s smoke set against the running server (or its blue-green preview); fail on any difference.')
    .option('--version <version>', 'version or alias to test (default: production)')
    .option('--json', 'print the raw JSON')
    .action(async (o: ServerOptions & { version?: string; json?: boolean }) => {
      const { version, production, smoke } = await withConfiguredStore({ env: o.env }, async ({ config, store }) => {
        const registry = openGatedRegistry(config, store);
        const info = await registry.get(o.version ?? 'production');
        const prod = await registry.resolve('production').catch(() => null);
        return { version: info.version, production: prod, smoke: info.smokeSet };
      });
      if (!smoke || smoke.cases.length === 0) throw new RiskgateError('BAD_REQUEST', { reason: `${version} has no smoke set (it is made at registration)` });
      const client = ApiClient.fromOptions(o);
      const run = await runSmokeTest(client, version, smoke, await routeOf(client, version, production));
      const failed = run.results.filter((r) => !r.ok);
      printLines(o.json ? [JSON.stringify(run, null, 2)] : [
        `Smoke test of ${version}${run.preview ? ' (blue-green preview)' : ''} at ${client.baseUrl}: ${run.results.length - failed.length} of ${run.results.length} cases reproduced exactly.`,
        ...failed.map((r) => `  case ${r.index}: ${r.difference}`),
        run.passed ? 'PASSED' : 'FAILED',
      ]);
      if (!run.passed) process.exitCode = 1;
    });
}
