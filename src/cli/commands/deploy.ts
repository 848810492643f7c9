import type { Command } from 'commander';
import { RiskgateError } from '../../errors.js';
import { parseDuration, STRATEGIES } from '../../rollout/index.js';
import { ApiClient, type ServerOptions } from './api-client.js';
import { formatRolloutStatus, type RolloutDetail } from './format-rollout.js';
import { printLines } from './configured-store.js';
import { showRollout, withServerOptions } from './rollout.js';

type DeployOptions = ServerOptions & {
  strategy?: string; steps?: string; bake?: string; maxBake?: string; minSamples?: string; mirror?: string;
  thenCanary?: boolean; holdPreview?: boolean; reason?: string; watch?: boolean; json?: boolean;
};

/** Parses "5,25,50,100" into weights; BAD_REQUEST naming the bad part. */
export function parseSteps(text: string): number[] {
  const steps = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (steps.length === 0 || steps.some((w) => !(w > 0 && w <= 100))) throw new RiskgateError('BAD_REQUEST', { reason: `--steps must be percents in (0, 100] separated by commas, e.g. 5,25,50,100; got "${text}"` });
  return steps;
}

/** The POST /api/v1/rollouts body of the command's options (unset options take the server's defaults). */
export function deployBody(version: string, o: DeployOptions): Record<string, unknown> {
  if (o.strategy !== undefined && !(STRATEGIES as readonly string[]).includes(o.strategy)) {
    throw new RiskgateError('BAD_REQUEST', { reason: `--strategy must be one of ${STRATEGIES.join(', ')}; got "${o.strategy}"` });
  }
  const body: Record<string, unknown> = { version };
  if (o.strategy !== undefined) body.strategy = o.strategy;
  if (o.steps !== undefined) body.steps = parseSteps(o.steps);
  if (o.bake !== undefined) body.bake = parseDuration(o.bake);
  if (o.maxBake !== undefined) body.max_bake = parseDuration(o.maxBake);
  if (o.minSamples !== undefined) body.min_samples = Number(o.minSamples);
  if (o.mirror !== undefined) body.mirror = Number(o.mirror);
  if (o.thenCanary) body.then_canary = true;
  if (o.holdPreview) body.hold_preview = true;
  if (o.reason !== undefined) body.reason = o.reason;
  return body;
}

/**
 * `riskgate deploy V --env staging --strategy shadow|canary|blue-green [--steps 5,25,50,100]
 * [--bake 10m] [--mirror 100] [--reason "…"] [--watch]`: starts a rollout of V against the
 * version in production on that server and prints its status (with --watch, until it ends;
 * exit 1 if it is rolled back or aborted).
 */
export function registerDeploy(program: Command): void {
  withServerOptions(program.command('deploy <version>'))
    .description('Start a rollout of a version against production: shadow, canary or blue-green, judged and rolled back automatically.')
    .option('--strategy <strategy>', `${STRATEGIES.join(' | ')} (default: the environment's rollout.default_strategy)`)
    .option('--steps <percents>', 'canary weights, e.g. 5,25,50,100')
    .option('--bake <duration>', 'time each step bakes before it may advance, e.g. 10m')
    .option('--max-bake <duration>', 'longest a step may stay inconclusive before pausing for a person')
    .option('--min-samples <n>', 'predictions the candidate must serve in a step before it can pass')
    .option('--mirror <percent>', 'shadow: share of requests mirrored to the candidate')
    .option('--then-canary', 'shadow: continue as a canary once the comparison passes')
    .option('--hold-preview', 'blue-green: after the automatic smoke test, keep the preview until `rollout resume` (test it with smoke-test)')
    .option('--reason <text>', 'why (recorded on the timeline and in the audit log)')
    .option('--watch', 'follow the rollout until it finishes')
    .option('--json', 'print the raw JSON')
    .action(async (version: string, o: DeployOptions) => {
      const client = ApiClient.fromOptions(o);
      const detail = await client.post<RolloutDetail>('/api/v1/rollouts', deployBody(version, o));
      if (o.watch) {
        await showRollout(client, detail.rollout.id, { watch: true, json: o.json });
        return;
      }
      printLines(o.json ? [JSON.stringify(detail, null, 2)] : formatRolloutStatus(detail));
    });
}
