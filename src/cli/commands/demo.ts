import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createServer } from '../../api/create-server.js';
import { loadConfig } from '../../config/index.js';
import { runGates } from '../../gates/index.js';
import { ApiClient } from './api-client.js';
import { invertLogisticModel, registerBuiltModel, seedProduction, trainHeartModel } from './demo-models.js';
import { loadReplayPatients } from './demo-patients.js';
import { TrafficReplay } from './demo-traffic.js';
import { formatNumbers, TERMINAL_PHASES, type RolloutDetail } from './format-rollout.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Shorter bakes and faster ticks (CI). */
  readonly fast?: boolean;
  /** Working folder (default: a new temporary one, removed at the end). */
  readonly dir?: string;
  /** Keep the working folder (database, models) for a look afterwards. */
  readonly keep?: boolean;
  /** Where the timeline is printed. */
  readonly say?: (line: string) => void;
}

/** What the demo did, for its caller and its test. */
export interface DemoOutcome {
  readonly v1: string;
  readonly v2: string;
  readonly v3: string;
  /** Final phase of each rollout: shadow and canary of v2, canary of the broken v3. */
  readonly phases: { readonly shadow: string; readonly canary: string; readonly broken: string };
  /** Production at the end (v2 when all went as it should). */
  readonly production: string;
  /** Predictions answered by v3 after its rollback (must be 0). */
  readonly v3AnswersAfterRollback: number;
  /** Predictions that failed on the client side (must be 0: the breaker and fallback hide failures). */
  readonly clientErrors: number;
  readonly predictions: number;
  readonly feedback: number;
  readonly elapsedMs: number;
  /** Rollout ids, for `riskgate report --rollout ID`. */
  readonly rollouts: readonly string[];
  readonly dir: string;
}

/**
 * The demo's judge settings. VA and Switzerland are other hospitals than the Cleveland data
 * v1 learned from (82 % disease prevalence): both honest models reach only 0.64–0.69 accuracy
 * there, and v2 — retrained with a second, lower-prevalence site on purpose — moves predicted
 * risk by PSI ≈ 0.15 and agrees with v1 on 84 % of decisions. The runbook's 0.80 accuracy and
 * 85 % agreement would refuse any model on these patients, so the demo judges accuracy at 0.50 (a step sees only 50–100 outcomes),
 * agreement at 75 % and PSI at 0.4 (a step's window holds a few hundred predictions,
 * which adds sampling noise to PSI); the inverted v3 (accuracy ≈ 0.2–0.4) still fails plainly.
 */
function demoSettings(fast: boolean): Record<string, unknown> {
  return {
    security: { rate_limit: { per_minute: 10_000_000, per_ip_per_minute: 10_000_000 } },
    monitoring: { level: 'warn' },
    recorder: { flush_interval_ms: 50 },
    rollout: {
      tick_seconds: fast ? 0.1 : 0.25,
      bake_seconds: fast ? 1 : 3,
      max_bake_seconds: 60,
      min_predictions_per_step: fast ? 250 : 300,
      steps: [5, 25, 50, 100],
      mirror_percent: 100,
      analysis: { accuracy_min: 0.5, agreement_min: 0.75, mean_delta_max: 0.15, p95_delta_max: 0.35, psi_fail: 0.4 },
    },
  };
}

/** Client errors printed as they happen (the summary counts them all). */
const MAX_ERRORS_SHOWN = 3;
/** Longest one rollout of the demo may take before the demo gives up on it. */
const ROLLOUT_TIMEOUT_MS = 75_000;

/**
 * `riskgate demo`: on this machine, from nothing, in a temporary folder — v1 trained on
 * Cleveland (the server's first start), v2 on Cleveland + Hungarian, both through the gates;
 * the server on 127.0.0.1; real VA and Swiss patients replayed as traffic with outcomes fed
 * back a little later; v2 through shadow, then canary to production; then a deliberately
 * broken v3 (risks inverted) rolled back by the analysis. Prints a timeline as it goes.
 */
export async function runDemo(o: DemoOptions = {}): Promise<DemoOutcome> {
  const t0 = Date.now();
  const fast = o.fast ?? false;
  const print = o.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`;
  const say = (line: string) => print(`${clock()} ${line}`);
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'riskgate-demo-'));
  const config = loadConfig({ env: 'development', cwd: dir, vars: { SECRET_KEY: randomBytes(32).toString('hex') }, overrides: demoSettings(fast), persistSecret: false });

  say(`riskgate demo in ${dir}${fast ? ' (fast)' : ''}`);
  say('1. Training v1 (logistic regression) on the 303 Cleveland patients and making it production.');
  mkdirSync(config.models.path, { recursive: true });
  await seedProduction(config, trainHeartModel('uci:cleveland', 'logistic', 0), 'demo', 'demo: v1 trained on Cleveland');
  const server = await createServer(config, { logger: false, bootstrap: false, say: (line) => say(`   server: ${line}`) });
  let traffic: TrafficReplay | null = null;
  try {
    const registry = server.deps.registry!;
    const v1 = await registry.resolve('production');
    say(`2. Training v2 (logistic regression) on Cleveland + Hungarian (597 patients) and registering it.`);
    const v2Model = trainHeartModel('uci:cleveland,uci:hungarian', 'logistic', 1);
    const v2 = await registerBuiltModel(registry, dir, v2Model, 'demo');
    say(`   v1 = ${v1} (production), v2 = ${v2}`);
    say('3. Validating both against the gates (discrimination, calibration, fairness, latency, integrity…):');
    for (const version of [v1, v2]) {
      const report = await runGates(registry, version, { env: config.env, thresholds: config.gates });
      say(`   ${version}: ${report.passed ? 'PASSED' : 'FAILED'} — ${report.gates.map((g) => `${g.gate} ${g.status}`).join(', ')}`);
      for (const g of report.gates.filter((x) => x.status !== 'pass')) say(`      ${g.gate}: ${g.sentence}`);
    }
    say(`   (${config.env} is not strict: gate results are reported, not enforced; staging and production refuse to promote a version whose gates fail.)`);

    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    const keyOf = async (role: string) => (await server.deps.keys.create({ role, name: `demo ${role}`, createdBy: 'demo' })).plaintext;
    const deployer = new ApiClient(url, await keyOf('deployer'));
    const clinic = new ApiClient(url, await keyOf('predictor'));
    const patients = loadReplayPatients('uci:va,uci:switzerland', 'va-ch');
    say(`4. Server listening on ${url}. Replaying ${patients.length} real patients from VA (Long Beach) and Switzerland as traffic;`);
    say(`   their true outcomes are fed back ${fast ? 1 : 2} s after each prediction (60 % of them).`);
    const answeredBy = new Map<string, number>();
    let errorsShown = 0;
    traffic = new TrafficReplay({
      client: clinic, patients, batch: fast ? 100 : 50, feedbackShare: 0.6, feedbackDelayMs: fast ? 1000 : 2000, pauseMs: fast ? 10 : 20,
      onAnswer: (version) => answeredBy.set(version, (answeredBy.get(version) ?? 0) + 1),
      onError: (message) => {
        if (errorsShown++ < MAX_ERRORS_SHOWN) say(`   client error: ${message}`);
      },
    });
    traffic.start();
    await new Promise((resolve) => setTimeout(resolve, fast ? 500 : 1500));

    /** Starts a rollout and prints its timeline until it ends. */
    const rollout = async (label: string, body: Record<string, unknown>): Promise<RolloutDetail> => {
      say(`${label}: riskgate deploy ${String(body.version)} --strategy ${String(body.strategy)} --reason "${String(body.reason)}"`);
      const started = await deployer.post<RolloutDetail>('/api/v1/rollouts', body);
      return follow(deployer, started.rollout.id, (line) => say(`   ${line}`), ROLLOUT_TIMEOUT_MS);
    };

    const shadow = await rollout('5. Shadow', { version: v2, strategy: 'shadow', reason: 'compare v2 with production on live traffic' });
    const canary = shadow.rollout.phase === 'completed'
      ? await rollout('6. Canary', { version: v2, strategy: 'canary', reason: 'shadow comparison passed; ship v2 gradually' })
      : null;

    say('7. A deliberately broken v3: v2 with every coefficient negated (each risk becomes 1 − risk). It loads, verifies and answers fast.');
    const v3 = await registerBuiltModel(registry, dir, invertLogisticModel(v2Model), 'demo');
    const broken = await rollout(`   Canary of ${v3}`, { version: v3, strategy: 'canary', reason: 'demo: ship a broken build and watch the rollback' });
    const before = answeredBy.get(v3) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, fast ? 1000 : 2000));
    const v3After = (answeredBy.get(v3) ?? 0) - before;
    await traffic.stop();
    const production = await registry.resolve('production');

    const outcome: DemoOutcome = {
      v1, v2, v3, phases: { shadow: shadow.rollout.phase, canary: canary?.rollout.phase ?? 'not started', broken: broken.rollout.phase },
      production, v3AnswersAfterRollback: v3After, clientErrors: traffic.stats.errors, predictions: traffic.stats.predictions,
      feedback: traffic.stats.feedback, elapsedMs: Date.now() - t0,
      rollouts: [shadow.rollout.id, ...(canary ? [canary.rollout.id] : []), broken.rollout.id], dir,
    };
    say('Summary');
    say(`   ${outcome.predictions} predictions served (${outcome.clientErrors} client errors), ${outcome.feedback} outcomes fed back (at most ${traffic.stats.maxBacklog} waiting).`);
    say(`   v2 shadow: ${outcome.phases.shadow}; v2 canary: ${outcome.phases.canary}; production is now ${production}.`);
    say(`   v3 canary: ${outcome.phases.broken}; v3 answered ${v3After} predictions after its rollback.`);
    say(`   Reports: riskgate report --rollout ID for ${outcome.rollouts.join(', ')}${o.keep ? ` (DATABASE_URL=sqlite:${join(dir, 'var', 'riskgate.db')})` : ''}`);
    return outcome;
  } finally {
    await traffic?.stop();
    await server.close();
    if (!o.keep && o.dir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints a rollout's new timeline events (with the checks of each analysis) until it ends; aborts it after `timeoutMs`. */
async function follow(client: ApiClient, id: string, say: (line: string) => void, timeoutMs: number): Promise<RolloutDetail> {
  const deadline = Date.now() + timeoutMs;
  let printed = 0;
  for (;;) {
    const detail = await client.get<RolloutDetail>(`/api/v1/rollouts/${encodeURIComponent(id)}`);
    for (const e of detail.events.slice(printed)) {
      say(`${e.type.padEnd(11)} ${e.message}`);
      const verdict = e.data.verdict as { checks?: { name: string; status: string; numbers: Record<string, number | null> }[] } | undefined;
      for (const c of verdict?.checks ?? []) say(`              ${c.status.padEnd(7)} ${c.name.padEnd(18)} ${formatNumbers(c.numbers)}`);
    }
    printed = detail.events.length;
    if (TERMINAL_PHASES.has(detail.rollout.phase)) return detail;
    if (detail.rollout.phase === 'paused' || Date.now() > deadline) {
      say(`gave up waiting (${detail.rollout.phase}: ${detail.rollout.paused?.reason ?? detail.rollout.analysis?.summary ?? 'no analysis'}); aborting.`);
      return client.post<RolloutDetail>(`/api/v1/rollouts/${encodeURIComponent(id)}/abort`, { reason: 'demo: gave up waiting' });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `riskgate demo [--fast] [--keep] [--dir DIR]`: exits 1 unless v2 reached production and v3 was rolled back. */
export function registerDemo(program: Command): void {
  program.command('demo')
    .description('From nothing, on this machine: train v1 and v2, validate, serve, replay real patients, ship v2 (shadow, canary), roll back a broken v3.')
    .option('--fast', 'shorter bakes and smaller steps (CI)')
    .option('--keep', 'keep the working folder (database, models) afterwards')
    .option('--dir <path>', 'working folder (default: a new temporary one)')
    .action(async (opts: { fast?: boolean; keep?: boolean; dir?: string }) => {
      const outcome = await runDemo({ fast: opts.fast, keep: opts.keep, dir: opts.dir });
      const ok = outcome.production === outcome.v2 && outcome.phases.broken === 'rolled-back' && outcome.v3AnswersAfterRollback === 0;
      process.stdout.write(`DEMO ${ok ? 'PASSED' : 'FAILED'}: v2 ${outcome.production === outcome.v2 ? 'promoted' : 'not promoted'}, v3 ${outcome.phases.broken}, in ${(outcome.elapsedMs / 1000).toFixed(1)} s\n`);
      if (!ok) process.exitCode = 1;
    });
}
