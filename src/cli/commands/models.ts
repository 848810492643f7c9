import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AuditLog } from '../../auth/index.js';
import { RiskgateError } from '../../errors.js';
import { formatReport, openGatedRegistry, REPORT_FORMATS, runGates } from '../../gates/index.js';
import { CARD_FORMATS, readSignatureOption, type CardFormat, type VersionInfo } from '../../registry/index.js';
import type { JsonObject } from '../../store/index.js';
import { formatTable, formatTime, printLines, withConfiguredStore, type StoreCommandContext } from './configured-store.js';

/** Import formats `models import` understands. */
const IMPORT_FORMATS = ['xgboost-json'] as const;

const ENV_HELP = 'configuration environment (default DEPLOYMENT_ENV or development)';

/** One line per version for `models list`. */
function versionRows(list: readonly VersionInfo[]): string[] {
  return formatTable(
    ['VERSION', 'ALIASES', 'ALGORITHM', 'AUC', 'THRESHOLD', 'CREATED', 'BY'],
    list.map((v) => [v.version, v.aliases.join(',') || '-', v.metadata.algorithm, v.notes.evaluation ? v.notes.evaluation.auc.auc.toFixed(3) : '-', v.metadata.threshold === null ? '-' : String(v.metadata.threshold), formatTime(v.createdAt), v.createdBy ?? '-']),
  );
}

/** The readable summary of one version for `models show`. */
function showLines(v: VersionInfo): string[] {
  const ev = v.notes.evaluation;
  const reports = Object.entries(v.notes.gate_reports).map(([env, r]) => `  ${env}: ${r.passed ? 'passed' : 'FAILED'} at ${r.at} — ${r.summary}`);
  return [
    `Version:     ${v.version}`,
    `Aliases:     ${v.aliases.join(', ') || '-'}`,
    `Checksum:    ${v.checksum}`,
    `Path:        ${v.path}`,
    `Algorithm:   ${v.metadata.algorithm}`,
    `Signature:   ${v.metadata.signature.name} (${v.metadata.signature.features.length} features)`,
    `Threshold:   ${v.metadata.threshold ?? '-'}`,
    `Training:    ${v.metadata.training_data ? `${v.metadata.training_data.ids.join(',')} (${v.metadata.training_data.rows} rows)` : 'imported'}`,
    `Created:     ${formatTime(v.createdAt)} by ${v.createdBy ?? '-'}`,
    `Change:      ${v.notes.change ?? 'first version'}`,
    ev ? `Validation:  ${ev.validationSet.id}: AUC ${ev.auc.auc.toFixed(3)} (${ev.auc.ci95[0].toFixed(3)}–${ev.auc.ci95[1].toFixed(3)}), sensitivity ${ev.operatingPoint.sensitivity.toFixed(3)}, specificity ${ev.operatingPoint.specificity.toFixed(3)}, Brier ${ev.calibration.brier.toFixed(3)}` : 'Validation:  none',
    `Smoke set:   ${v.smokeSet ? `${v.smokeSet.cases.length} patients from ${v.smokeSet.source}` : '-'}`,
    'Gate reports:', ...(reports.length ? reports : ['  none']),
  ];
}

/** Records a registry change in the audit log. */
async function audit(ctx: StoreCommandContext, action: string, target: string, details: JsonObject): Promise<void> {
  await new AuditLog({ store: ctx.store }).record({ actor: ctx.actor, action, target, result: 'ok', details });
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown ${what} "${value}"; use ${allowed.join(', ')}` });
  return value as T;
}

/**
 * `riskgate models list|show|register|import|promote|history|card|validate`: the model registry
 * and its gates against the configured store and MODEL_PATH (no server needed). Changes are
 * audited; `validate` exits 1 when a gate fails.
 */
export function registerModels(program: Command): void {
  const models = program.command('models').description('Model versions: register, import, validate, promote, history and model cards.');
  const run = <T>(opts: { env?: string }, action: (ctx: StoreCommandContext, registry: ReturnType<typeof openGatedRegistry>) => Promise<T>): Promise<T> =>
    withConfiguredStore(opts, (ctx) => action(ctx, openGatedRegistry(ctx.config, ctx.store)));

  models.command('list').description('List versions with their aliases.').option('--json', 'print JSON').option('--env <name>', ENV_HELP)
    .action(async (opts: { json?: boolean; env?: string }) => {
      await run(opts, async (_ctx, registry) => {
        const list = await registry.list();
        printLines(opts.json ? [JSON.stringify(list.map((v) => ({ version: v.version, aliases: v.aliases, checksum: v.checksum, algorithm: v.metadata.algorithm, created_at: new Date(v.createdAt).toISOString() })), null, 2)] : versionRows(list));
      });
    });

  models.command('show <version>').description('Show a version (or the version an alias points at).').option('--json', 'print JSON').option('--env <name>', ENV_HELP)
    .action(async (version: string, opts: { json?: boolean; env?: string }) => {
      await run(opts, async (_ctx, registry) => {
        const v = await registry.get(version);
        printLines(opts.json ? [JSON.stringify(v, null, 2)] : showLines(v));
      });
    });

  models.command('register <dir>').description('Register a trained artifact folder (copied into MODEL_PATH under its version).')
    .option('--version <name>', 'version name (default: the folder name if it is one, else the next by the versioning rule)')
    .option('--validation-data <csv>', 'labelled CSV to evaluate a model whose signature is not the heart one')
    .option('--env <name>', ENV_HELP)
    .action(async (dir: string, opts: { version?: string; validationData?: string; env?: string }) => {
      await run(opts, async (ctx, registry) => {
        const v = await registry.register(dir, { actor: ctx.actor, version: opts.version, validationData: opts.validationData });
        await audit(ctx, 'models.register', v.version, { source: dir, checksum: v.checksum });
        printLines([`Registered ${v.version} (${v.metadata.algorithm}, checksum ${v.checksum.slice(0, 12)}…) at ${v.path}`]);
      });
    });

  models.command('import <file>').description('Import an XGBoost JSON model (binary:logistic) and register it.')
    .requiredOption('--format <format>', `model format: ${IMPORT_FORMATS.join(', ')}`)
    .option('--signature <heart|FILE>', 'the input signature: heart, or a signature JSON file (default: permissive over the model\'s feature names)')
    .option('--threshold <p>', 'operating threshold on the probability', '0.5')
    .option('--version <name>', 'version name (default: the next by the versioning rule)')
    .option('--validation-data <csv>', 'labelled CSV to evaluate a model whose signature is not the heart one')
    .option('--env <name>', ENV_HELP)
    .action(async (file: string, opts: { format: string; signature?: string; threshold: string; version?: string; validationData?: string; env?: string }) => {
      oneOf(opts.format, IMPORT_FORMATS, 'import format');
      const threshold = Number(opts.threshold);
      if (!(threshold >= 0 && threshold <= 1)) throw new RiskgateError('BAD_REQUEST', { reason: `--threshold must be a probability in [0, 1], not ${opts.threshold}` });
      const signature = opts.signature === undefined ? undefined : readSignatureOption(opts.signature);
      await run(opts, async (ctx, registry) => {
        const v = await registry.importXgboost(file, { actor: ctx.actor, signature, threshold, version: opts.version, validationData: opts.validationData });
        await audit(ctx, 'models.import', v.version, { source: file, format: opts.format, signature: v.metadata.signature.name });
        printLines([`Imported ${file} as ${v.version} (signature ${v.metadata.signature.name}, checksum ${v.checksum.slice(0, 12)}…)`]);
      });
    });

  models.command('promote <version>').description('Point an alias (candidate, staging, production) at a version; strict environments need passing gates and staging first.')
    .requiredOption('--alias <alias>', 'candidate, staging or production')
    .requiredOption('--reason <text>', 'why (recorded in the alias history)')
    .option('--env <name>', ENV_HELP)
    .action(async (version: string, opts: { alias: string; reason: string; env?: string }) => {
      await run(opts, async (ctx, registry) => {
        const move = await registry.promote(version, opts.alias, { actor: ctx.actor, reason: opts.reason });
        await audit(ctx, 'models.promote', move.to ?? version, { alias: move.alias, from: move.from, to: move.to, reason: move.reason });
        printLines([`${move.alias}: ${move.from ?? '(none)'} → ${move.to} (${move.actor}, ${formatTime(move.at)}: ${move.reason})`]);
      });
    });

  models.command('history').description('Alias moves, newest first.').option('--alias <alias>', 'only this alias').option('--json', 'print JSON').option('--env <name>', ENV_HELP)
    .action(async (opts: { alias?: string; json?: boolean; env?: string }) => {
      await run(opts, async (_ctx, registry) => {
        const moves = await registry.history(opts.alias);
        printLines(opts.json ? [JSON.stringify(moves, null, 2)] : formatTable(['WHEN', 'ALIAS', 'FROM', 'TO', 'WHO', 'WHY'], moves.map((m) => [formatTime(m.at), m.alias, m.from ?? '-', m.to ?? '-', m.actor, m.reason])));
      });
    });

  models.command('card <version>').description('Print the model card (Markdown, or self-contained HTML with figures).')
    .option('--format <format>', `${CARD_FORMATS.join(' or ')}`, 'md').option('--out <file>', 'write to a file instead of stdout').option('--env <name>', ENV_HELP)
    .action(async (version: string, opts: { format: string; out?: string; env?: string }) => {
      const format = oneOf<CardFormat>(opts.format, CARD_FORMATS, 'card format');
      await run(opts, async (_ctx, registry) => {
        const card = await registry.card(version, format);
        if (opts.out) writeFileSync(opts.out, card);
        else process.stdout.write(card);
      });
    });

  models.command('validate <version>').description('Run the validation gates and print the report; exits 1 when a gate fails.')
    .option('--format <format>', REPORT_FORMATS.join(', '), 'md').option('--env <name>', ENV_HELP)
    .action(async (version: string, opts: { format: string; env?: string }) => {
      oneOf(opts.format, REPORT_FORMATS, 'report format');
      await run(opts, async (ctx, registry) => {
        const report = await runGates(registry, version, { env: ctx.config.env, thresholds: ctx.config.gates });
        await registry.recordGateVerdict(report.version, ctx.config.env, { passed: report.passed, summary: report.summary });
        process.stdout.write(formatReport(report, opts.format));
        if (!report.passed) process.exitCode = 1;
      });
    });
}
