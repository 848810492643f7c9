import type { Command } from 'commander';
import type { RolloutJson } from '../../api/index.js';
import { ApiClient, type ServerOptions } from './api-client.js';
import { printLines } from './configured-store.js';
import { withServerOptions } from './rollout.js';

/** What POST /api/v1/rollback answers. */
interface RollbackAnswer {
  readonly from: string | null;
  readonly to: string;
  readonly rollout: RolloutJson | null;
}

/**
 * `riskgate rollback [--to V] --reason "…"`: moves production back at once — the active
 * rollout is rolled back, and production goes to V (default: the version before the current one).
 */
export function registerRollback(program: Command): void {
  withServerOptions(program.command('rollback'))
    .description('Move production back at once (rolls back the active rollout; default target: the previous production version).')
    .option('--to <version>', 'the version to go back to')
    .requiredOption('--reason <text>', 'why (recorded on the timeline, in the alias history and the audit log)')
    .option('--json', 'print the raw JSON')
    .action(async (o: ServerOptions & { to?: string; reason: string; json?: boolean }) => {
      const answer = await ApiClient.fromOptions(o).post<RollbackAnswer>('/api/v1/rollback', o.to ? { to: o.to, reason: o.reason } : { reason: o.reason });
      printLines(o.json ? [JSON.stringify(answer, null, 2)] : [
        `Production: ${answer.from ?? '(none)'} → ${answer.to}`,
        ...(answer.rollout ? [`Rollout ${answer.rollout.id} (${answer.rollout.strategy} of ${answer.rollout.candidate}) is ${answer.rollout.phase}.`] : []),
      ]);
    });
}
