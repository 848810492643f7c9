import type { Command } from 'commander';
import { RiskgateError } from '../../errors.js';
import { parseDuration } from '../../rollout/index.js';
import type { RolloutJson } from '../../api/index.js';
import { ApiClient, type ServerOptions } from './api-client.js';
import { formatRolloutStatus, TERMINAL_PHASES, type RolloutDetail } from './format-rollout.js';
import { formatTable, printLines } from './configured-store.js';

/** Adds --env, --url and --key to a command that acts on a running server. */
export function withServerOptions(command: Command): Command {
  return command
    .option('--env <name>', 'environment whose api_url to call (default DEPLOYMENT_ENV or development)')
    .option('--url <url>', 'server base URL (overrides --env)')
    .option('--key <key>', 'API key (default RISKGATE_API_KEY)');
}

/** The rollout an optional id names: that one, else the active one, else the newest. */
export async function resolveRolloutId(client: ApiClient, id: string | undefined): Promise<string> {
  if (id) return id;
  const active = (await client.get<{ items: RolloutJson[] }>('/api/v1/rollouts?active=true&limit=5')).items[0];
  const chosen = active ?? (await client.get<{ items: RolloutJson[] }>('/api/v1/rollouts?limit=1')).items[0];
  if (!chosen) throw new RiskgateError('ROLLOUT_NOT_FOUND', { id: '(none: no rollout has run here yet)' });
  return chosen.id;
}

/** The exit code of a finished rollout for scripts: 0 completed, 1 rolled back or aborted. */
export function exitCodeOf(phase: string): number {
  return phase === 'completed' ? 0 : TERMINAL_PHASES.has(phase) ? 1 : 0;
}

/**
 * Prints the rollout's status; with `watch`, prints it again whenever it changes until it
 * finishes, then sets the exit code (1 when rolled back or aborted).
 */
export async function showRollout(client: ApiClient, id: string, o: { watch?: boolean; intervalMs?: number; json?: boolean } = {}): Promise<RolloutDetail> {
  let seen = '';
  for (;;) {
    const detail = await client.get<RolloutDetail>(`/api/v1/rollouts/${encodeURIComponent(id)}`);
    const stamp = `${detail.rollout.updated_at}/${detail.events.length}`;
    if (stamp !== seen) {
      printLines(o.json ? [JSON.stringify(detail, null, 2)] : [...(seen ? ['', '—'.repeat(40)] : []), ...formatRolloutStatus(detail)]);
      seen = stamp;
    }
    if (!o.watch || TERMINAL_PHASES.has(detail.rollout.phase)) {
      if (o.watch) process.exitCode = exitCodeOf(detail.rollout.phase);
      return detail;
    }
    await new Promise((resolve) => setTimeout(resolve, o.intervalMs ?? 2000));
  }
}

type StatusOptions = ServerOptions & { watch?: boolean; interval: string; json?: boolean };
type ActionOptions = ServerOptions & { reason: string; full?: boolean; json?: boolean };

/**
 * `riskgate rollout status [ID] [--watch]`, `rollout list`, and `rollout
 * promote|abort|pause|resume ID --reason "…"` against a running server.
 */
export function registerRollout(program: Command): void {
  const rollout = program.command('rollout').description('Watch and steer rollouts on a running server.');

  withServerOptions(rollout.command('status [id]'))
    .description('Phase, step, weights, every check of the latest analysis with its numbers, and the timeline (default: the active or latest rollout).')
    .option('--watch', 'keep printing changes until the rollout finishes (exit 1 if it is rolled back or aborted)')
    .option('--interval <duration>', 'how often --watch polls', '2s')
    .option('--json', 'print the raw JSON')
    .action(async (id: string | undefined, o: StatusOptions) => {
      const client = ApiClient.fromOptions(o);
      await showRollout(client, await resolveRolloutId(client, id), { watch: o.watch, intervalMs: parseDuration(o.interval), json: o.json });
    });

  withServerOptions(rollout.command('list'))
    .description('Rollouts of the environment, newest first.')
    .option('--json', 'print the raw JSON')
    .action(async (o: ServerOptions & { json?: boolean }) => {
      const { items } = await ApiClient.fromOptions(o).get<{ items: RolloutJson[] }>('/api/v1/rollouts');
      printLines(o.json ? [JSON.stringify(items, null, 2)] : formatTable(
        ['ID', 'STRATEGY', 'CANDIDATE', 'STABLE', 'PHASE', 'WEIGHT', 'STARTED'],
        items.map((r) => [r.id, r.strategy, r.candidate, r.stable, r.phase, `${r.canary_weight} %`, r.created_at]),
      ));
    });

  const actions: readonly [string, string][] = [
    ['promote', 'Skip the current step (with --full, every remaining step).'],
    ['abort', 'Stop the rollout: all traffic back to the stable version.'],
    ['pause', 'Hold the rollout at its step until resumed.'],
    ['resume', 'Continue a paused rollout.'],
  ];
  for (const [action, description] of actions) {
    const command = withServerOptions(rollout.command(`${action} <id>`))
      .description(description)
      .requiredOption('--reason <text>', 'why (recorded on the timeline and in the audit log)')
      .option('--json', 'print the raw JSON');
    if (action === 'promote') command.option('--full', 'skip every remaining step');
    command.action(async (id: string, o: ActionOptions) => {
      const body = action === 'promote' && o.full ? { reason: o.reason, full: true } : { reason: o.reason };
      const detail = await ApiClient.fromOptions(o).post<RolloutDetail>(`/api/v1/rollouts/${encodeURIComponent(id)}/${action}`, body);
      printLines(o.json ? [JSON.stringify(detail, null, 2)] : formatRolloutStatus(detail));
    });
  }
}
