// Helpers of the rollout end-to-end tests: a live server on 127.0.0.1 over SQLite in a temp
// folder, keys per role, versions trained from the UCI files, and traffic from real patients.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutJson } from '../src/api/index.js';
import { createServer, type RiskgateServer } from '../src/api/create-server.js';
import { ApiClient } from '../src/cli/commands/api-client.js';
import { invertLogisticModel, registerBuiltModel, seedProduction, trainHeartModel } from '../src/cli/commands/demo-models.js';
import { loadReplayPatients, type ReplayPatient } from '../src/cli/commands/demo-patients.js';
import type { RolloutDetail } from '../src/cli/commands/format-rollout.js';
import { loadConfig } from '../src/config/index.js';

/** A strong secret for tests (never a real one). */
const TEST_SECRET = 'rollout-e2e-secret-3b9f1c7a5e2d8046b1c9e7a3';

/** Settings that make rollouts take seconds: fast ticks, short bakes, steps of 150 predictions. */
export const FAST_ROLLOUTS = {
  security: { rate_limit: { per_minute: 1_000_000, per_ip_per_minute: 1_000_000 } },
  monitoring: { level: 'warn' },
  recorder: { flush_interval_ms: 20 },
  // The healthy candidate is a genuinely different model (it adds Hungarian patients): its
  // predicted-risk PSI against v1 sits near the runbook's 0.25 on a few hundred predictions, and
  // with a judgement every 0.1 s tick a borderline true shift fails at random. The tests of
  // rollback use an inverted model or a failing one, far beyond 0.4.
  rollout: { tick_seconds: 0.1, bake_seconds: 1, max_bake_seconds: 120, min_predictions_per_step: 150, steps: [20, 50, 100], analysis: { psi_fail: 0.4 } },
} as const;

/** A listening server with a client per role. */
export interface LiveServer {
  readonly server: RiskgateServer;
  readonly url: string;
  readonly dir: string;
  readonly admin: ApiClient;
  readonly deployer: ApiClient;
  readonly predictor: ApiClient;
  readonly viewer: ApiClient;
  /** The production version at start (logistic regression on Cleveland). */
  readonly v1: string;
  close(): Promise<void>;
}

/** Starts createServer + listen on 127.0.0.1:0 in a fresh folder, first-start model in production. */
export async function startLiveServer(overrides: Record<string, unknown> = FAST_ROLLOUTS, reuse?: { readonly dir: string }): Promise<LiveServer> {
  const dir = reuse?.dir ?? mkdtempSync(join(tmpdir(), 'rg-rollout-e2e-'));
  const config = loadConfig({ env: 'development', cwd: dir, vars: { SECRET_KEY: TEST_SECRET }, overrides });
  // v1 is a logistic model on Cleveland, whatever the server would train by default.
  if (!reuse) {
    mkdirSync(config.models.path, { recursive: true });
    await seedProduction(config, trainHeartModel('uci:cleveland', 'logistic', 0), 'test', 'e2e: v1');
  }
  const server = await createServer(config, { logger: false, bootstrap: false });
  try {
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const keyOf = async (role: string) => (await server.deps.keys.create({ role, name: `e2e ${role}`, createdBy: 'test' })).plaintext;
    const v1 = (await server.deps.registry!.history('production')).at(-1)?.to ?? (await server.deps.registry!.resolve('production'));
    return {
      server, url, dir, v1,
      admin: new ApiClient(url, server.adminKey),
      deployer: new ApiClient(url, await keyOf('deployer')),
      predictor: new ApiClient(url, await keyOf('predictor')),
      viewer: new ApiClient(url, await keyOf('viewer')),
      close: async () => {
        await server.close();
        if (!reuse) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Registers a logistic model trained on `source` (inverted: risks turned into 1 − risk). */
export async function registerVersion(live: LiveServer, source: string, options: { invert?: boolean } = {}): Promise<string> {
  const built = trainHeartModel(source, 'logistic', 1);
  return registerBuiltModel(live.server.deps.registry!, live.dir, options.invert ? invertLogisticModel(built) : built, 'test');
}

/** The patients of the training sites: the healthy candidate agrees with production on them. */
export const PATIENTS: readonly ReplayPatient[] = loadReplayPatients('uci:cleveland,uci:hungarian', 'e2e');

/** One answer of /predict/batch. */
export interface BatchRow {
  readonly index: number;
  /** Which of PATIENTS was sent (its outcome is known). */
  readonly patientIndex: number;
  readonly ok: boolean;
  readonly prediction?: { readonly prediction_id: string; readonly patient_id: string | null; readonly model: { readonly version: string }; readonly risk: { readonly probability: number }; readonly served_by: string };
  readonly error?: { readonly code: string };
}

let round = 0;

/**
 * Sends `n` predictions of real patients in batches, each under a fresh patient id (so sticky
 * assignment re-draws), or under `ids` when given (the same patients again).
 */
export async function sendTraffic(client: ApiClient, n: number, options: { ids?: readonly string[]; batch?: number; headers?: Record<string, string> } = {}): Promise<BatchRow[]> {
  const rows: BatchRow[] = [];
  const size = options.batch ?? 250;
  round++;
  for (let start = 0; start < n; start += size) {
    const patients = [];
    for (let i = start; i < Math.min(n, start + size); i++) {
      const p = PATIENTS[i % PATIENTS.length];
      patients.push({ patient_id: options.ids ? options.ids[i % options.ids.length] : `r${round}-${i}`, features: p.features });
    }
    const answer = await client.post<{ results: BatchRow[] }>('/api/v1/predict/batch?explain=false', { patients }, options.headers);
    rows.push(...answer.results.map((r) => ({ ...r, patientIndex: (start + r.index) % PATIENTS.length })));
  }
  return rows;
}

/** GET /api/v1/rollouts/:id. */
export function rolloutStatus(client: ApiClient, id: string): Promise<RolloutDetail> {
  return client.get<RolloutDetail>(`/api/v1/rollouts/${encodeURIComponent(id)}`);
}

/**
 * Drives traffic until the rollout leaves `progressing` (or `until` says stop), calling
 * `onStatus` after each round; fails after `timeoutMs`.
 */
export async function driveRollout(
  live: LiveServer, id: string,
  o: { perRound?: number; timeoutMs?: number; feedback?: boolean; until?: (r: RolloutJson) => boolean; onStatus?: (d: RolloutDetail, rows: BatchRow[]) => void | Promise<void> } = {},
): Promise<RolloutDetail> {
  const deadline = Date.now() + (o.timeoutMs ?? 45_000);
  for (;;) {
    const rows = await sendTraffic(live.predictor, o.perRound ?? 250);
    if (o.feedback) await feedBack(live.predictor, rows);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const detail = await rolloutStatus(live.viewer, id);
    await o.onStatus?.(detail, rows);
    if (detail.rollout.phase !== 'progressing' || o.until?.(detail.rollout)) return detail;
    if (Date.now() > deadline) throw new Error(`rollout ${id} still ${detail.rollout.phase} at ${detail.rollout.canary_weight} %: ${detail.rollout.analysis?.summary ?? 'no analysis'}`);
  }
}

/** Feeds back the true outcome of every answered row. */
export async function feedBack(client: ApiClient, rows: readonly BatchRow[]): Promise<void> {
  const answered = rows.filter((r) => r.ok && r.prediction);
  for (let i = 0; i < answered.length; i += 25) {
    await Promise.all(answered.slice(i, i + 25).map((r) => client.post('/api/v1/feedback', { prediction_id: r.prediction!.prediction_id, outcome: PATIENTS[r.patientIndex].outcome })));
  }
}
