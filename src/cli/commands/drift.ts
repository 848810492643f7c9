import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { ERROR_CATALOG, RiskgateError, type ErrorCode } from '../../errors.js';
import type { DriftReport, DriftResponse, FeatureDrift } from '../../monitor/index.js';

/** The route the command reads (implemented by the API with src/monitor's compareToReference). */
export const DRIFT_ROUTE = '/api/v1/monitoring/drift';

const VERDICT_LABELS: Record<FeatureDrift['verdict'], string> = {
  not_enough_data: 'not enough data',
  no_drift: 'ok',
  moderate: 'moderate',
  drift: 'DRIFT',
};

const fixed = (v: number | null, digits: number) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const pValue = (v: number | null) => (v === null ? '—' : v < 1e-4 ? '<0.0001' : v.toFixed(4));

/** Lays rows out in left-aligned columns. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

/** One report as a heading and a table of its features and predicted risk. */
export function formatDriftReport(r: DriftReport): string {
  const who = `${r.modelVersion ?? 'unknown version'}${r.arm ? ` (${r.arm})` : ''}`;
  const when = r.window ? ` from ${new Date(r.window.from).toISOString()} to ${new Date(r.window.to).toISOString()}` : '';
  const head = `Model ${who}: ${r.n} predictions${when} against ${r.referenceDataset} — ${VERDICT_LABELS[r.verdict]}`;
  const note = r.verdict === 'not_enough_data' ? `\n(at least ${r.thresholds.minSample} predictions are needed before drift can be judged)` : '';
  const rows = [['feature', 'verdict', 'PSI', 'test', 'p', 'missing ref→live', 'out of range']];
  for (const f of [...r.features, r.risk]) {
    rows.push([
      f.feature === '__risk__' ? 'predicted risk' : f.feature,
      VERDICT_LABELS[f.verdict],
      fixed(f.psi, 3),
      f.test ? `${f.test.name}=${fixed(f.test.statistic, 3)}` : '—',
      pValue(f.pValue),
      `${percent(f.missingRate.reference)}→${percent(f.missingRate.live)}`,
      percent(f.outOfRangeRate),
    ]);
  }
  return `${head}${note}\n${table(rows)}\n`;
}

/** The whole response: every report, or a line saying there is nothing to compare. */
export function formatDriftResponse(resp: DriftResponse): string {
  const unavailable = (resp.unavailable ?? []).map((u) => `Model ${u.modelVersion}${u.arm ? ` (${u.arm})` : ''}: ${u.n} predictions, not compared — ${u.reason}\n`);
  if (resp.reports.length === 0 && unavailable.length === 0) return 'No model arm has predictions or a reference profile to compare yet.\n';
  return [...resp.reports.map(formatDriftReport), ...unavailable].join('\n');
}

/** Options of {@link fetchDrift}. */
export interface FetchDriftOptions {
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly version?: string;
  readonly window?: string;
  readonly timeoutMs?: number;
}

/**
 * GETs the drift reports from a running server. Error answers become the server's own
 * RiskgateError (code and message); an unreachable server is SERVICE_UNAVAILABLE.
 */
export async function fetchDrift(o: FetchDriftOptions): Promise<DriftResponse> {
  const url = new URL(DRIFT_ROUTE, o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
  if (o.version) url.searchParams.set('version', o.version);
  if (o.window) url.searchParams.set('window', o.window);
  let res: Response;
  try {
    res = await fetch(url, { headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}, signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) });
  } catch (e) {
    throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: `cannot reach ${url.origin}: ${(e as Error).message}` }, { cause: e });
  }
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | DriftResponse | null;
  if (!res.ok) {
    const err = body && 'error' in body ? body.error : undefined;
    const code = err?.code && err.code in ERROR_CATALOG ? (err.code as ErrorCode) : 'SERVICE_UNAVAILABLE';
    throw new RiskgateError(code, { ...(err?.details ?? {}), reason: err?.message ?? `HTTP ${res.status}` }, { message: err?.message ?? `${url.pathname} answered HTTP ${res.status}` });
  }
  if (!body || !('reports' in body) || !Array.isArray(body.reports)) {
    throw new RiskgateError('SERVICE_UNAVAILABLE', { reason: `${url.pathname} did not answer with drift reports` });
  }
  return body;
}

/**
 * `riskgate drift [--env E | --url URL] [--version V] [--window W] [--json]`: prints the live
 * drift of each model arm against its training reference, as the server computes it.
 */
export function registerDrift(program: Command): void {
  program.command('drift')
    .description('Show input and risk drift of the served models against their training data.')
    .option('--env <name>', 'environment whose api_url to call (default DEPLOYMENT_ENV or development)')
    .option('--url <url>', 'server base URL (overrides --env)')
    .addOption(new Option('--api-key <key>', 'API key (viewer role or above)').env('RISKGATE_API_KEY'))
    .option('--version <version>', 'only this model version')
    .option('--window <duration>', 'window to analyse, e.g. 10m, 1h (server default otherwise)')
    .option('--json', 'print the raw JSON')
    .action(async (o: { env?: string; url?: string; apiKey?: string; version?: string; window?: string; json?: boolean }) => {
      const baseUrl = o.url ?? loadConfig({ env: o.env, checkSecrets: false, persistSecret: false }).api_url;
      const resp = await fetchDrift({ baseUrl, apiKey: o.apiKey, version: o.version, window: o.window });
      process.stdout.write(o.json ? `${JSON.stringify(resp, null, 2)}\n` : formatDriftResponse(resp));
      // Scripts can gate on drift: exit 3 when any arm shows drift.
      if (resp.reports.some((r) => r.verdict === 'drift')) process.exitCode = 3;
    });
}
