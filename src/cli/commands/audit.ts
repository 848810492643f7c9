import type { Command } from 'commander';
import { AuditLog } from '../../auth/index.js';
import { RiskgateError } from '../../errors.js';
import { formatTable, formatTime, printLines, withConfiguredStore } from './configured-store.js';

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RiskgateError('BAD_REQUEST', { reason: `--limit must be a whole number from 1 to 1000, not ${text}` });
  return n;
}

/** `riskgate audit verify|list`: the hash-chained audit log in the configured store. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Verify and read the audit log.');

  audit.command('verify')
    .description('Check the hash chain; exits 1 and names the first broken link when a record was altered or removed.')
    .option('--json', 'print JSON')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { json?: boolean; env?: string }) => {
      await withConfiguredStore(opts, async ({ store }) => {
        const result = await new AuditLog({ store }).verify();
        if (opts.json) printLines([JSON.stringify(result, null, 2)]);
        else if (result.ok) printLines([`Audit chain OK: ${result.checked} records verified.`]);
        else {
          const b = result.firstBroken;
          printLines([`Audit chain BROKEN at record ${b?.seq} (${b?.reason}): ${b?.message}`, `${result.checked} records before it verified.`]);
        }
        if (!result.ok) process.exitCode = 1;
      });
    });

  audit.command('list')
    .description('Show audit records, newest first.')
    .option('--limit <n>', 'how many records (1-1000)', '50')
    .option('--actor <actor>', 'only this actor')
    .option('--action <action>', 'only this action')
    .option('--target <target>', 'only this target')
    .option('--json', 'print JSON')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { limit: string; actor?: string; action?: string; target?: string; json?: boolean; env?: string }) => {
      const limit = parseLimit(opts.limit);
      await withConfiguredStore(opts, async ({ store }) => {
        const page = await new AuditLog({ store }).list({ limit, actor: opts.actor, action: opts.action, target: opts.target });
        if (opts.json) {
          printLines([JSON.stringify(page.items, null, 2)]);
          return;
        }
        printLines(formatTable(['SEQ', 'AT', 'ACTOR', 'ACTION', 'TARGET', 'IP', 'RESULT', 'DETAILS'], page.items.map((r) => [
          String(r.seq), formatTime(r.at), r.actor, r.action, r.target ?? '-', r.ip ?? '-', r.result, JSON.stringify(r.details),
        ])));
      });
    });
}
