import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RiskgateError } from '../../errors.js';
import { printLines, withConfiguredStore } from './configured-store.js';
import { buildRolloutReport, formatReportHtml, formatReportMarkdown } from './rollout-report.js';

/** Report formats. */
export const REPORT_FORMATS = ['md', 'html'] as const;

/**
 * `riskgate report --rollout ID [--format md|html] [--out FILE] [--env E]`: the rollout's
 * timeline, each analysis with its numbers, the decision and who made it, and serving metrics
 * before and after, read from the environment's database (works with or without a server).
 */
export function registerReport(program: Command): void {
  program.command('report')
    .description('Write a rollout report: timeline, analyses with numbers, decision and who made it, metrics before and after.')
    .requiredOption('--rollout <id>', 'the rollout to report on')
    .option('--format <format>', `${REPORT_FORMATS.join(' | ')}`, 'md')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--env <name>', 'environment whose database to read (default DEPLOYMENT_ENV or development)')
    .action(async (o: { rollout: string; format: string; out?: string; env?: string }) => {
      if (!(REPORT_FORMATS as readonly string[]).includes(o.format)) throw new RiskgateError('BAD_REQUEST', { reason: `--format must be one of ${REPORT_FORMATS.join(', ')}; got "${o.format}"` });
      const report = await withConfiguredStore({ env: o.env }, ({ store }) => buildRolloutReport(store, o.rollout, Date.now()));
      const text = o.format === 'html' ? formatReportHtml(report) : formatReportMarkdown(report);
      if (o.out) {
        writeFileSync(o.out, text);
        printLines([`Wrote the report of ${o.rollout} to ${o.out}`]);
      } else {
        process.stdout.write(text);
      }
    });
}
