import type { Command } from 'commander';
import { AuditLog, KeyService, ROLES } from '../../auth/index.js';
import type { ApiKeySummary } from '../../auth/index.js';
import { RiskgateError } from '../../errors.js';
import { formatTable, formatTime, printLines, withConfiguredStore } from './configured-store.js';

const ONCE_WARNING = 'Store this key now: it is shown once and cannot be recovered.';

function keyRows(keys: readonly ApiKeySummary[]): string[] {
  return formatTable(
    ['ID', 'PREFIX', 'ROLE', 'NAME', 'KIND', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED'],
    keys.map((k) => [k.id, `${k.prefix}…`, k.role, k.name, k.test ? 'test' : 'live', formatTime(k.createdAt), formatTime(k.expiresAt), formatTime(k.revokedAt), formatTime(k.lastUsedAt)]),
  );
}

function parseGrace(text: string): number {
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0) throw new RiskgateError('BAD_REQUEST', { reason: `--grace must be whole seconds ≥ 0, not ${text}` });
  return seconds;
}

/** `riskgate keys create|list|rotate|revoke`: API keys in the configured store; changes are audited. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('Create, list, rotate and revoke API keys (works without a running server).');

  keys.command('create')
    .description('Create an API key and print it once.')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--test', 'a test key (rg_test_…), refused where allow_test_keys is false')
    .option('--name <name>', 'a label for listings', 'unnamed')
    .option('--env <name>', 'configuration environment (default DEPLOYMENT_ENV or development)')
    .action(async (opts: { role: string; test?: boolean; name: string; env?: string }) => {
      await withConfiguredStore(opts, async ({ store, actor }) => {
        const issued = await new KeyService({ store }).create({ role: opts.role, name: opts.name, test: opts.test === true, createdBy: actor });
        await new AuditLog({ store }).record({ actor, action: 'keys.create', target: issued.key.id, result: 'ok', details: { role: issued.key.role, name: issued.key.name, test: issued.key.test } });
        printLines([issued.plaintext]);
        process.stderr.write(`Created ${issued.key.test ? 'test' : 'live'} key ${issued.key.id} (${issued.key.role}, "${issued.key.name}"). ${ONCE_WARNING}\n`);
      });
    });

  keys.command('list')
    .description('List API keys (never their secrets).')
    .option('--all', 'include revoked keys')
    .option('--json', 'print JSON')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { all?: boolean; json?: boolean; env?: string }) => {
      await withConfiguredStore(opts, async ({ store }) => {
        const list = await new KeyService({ store }).list({ includeRevoked: opts.all === true });
        printLines(opts.json ? [JSON.stringify(list, null, 2)] : keyRows(list));
      });
    });

  keys.command('rotate <id>')
    .description('Replace a key with a new one; the old key keeps working for the grace period.')
    .option('--grace <seconds>', 'seconds the old key keeps working (default security.key_rotation_grace_seconds)')
    .option('--env <name>', 'configuration environment')
    .action(async (id: string, opts: { grace?: string; env?: string }) => {
      await withConfiguredStore(opts, async ({ store, actor, config }) => {
        const grace = opts.grace === undefined ? config.security.key_rotation_grace_seconds : parseGrace(opts.grace);
        const issued = await new KeyService({ store }).rotate(id, grace, actor);
        await new AuditLog({ store }).record({ actor, action: 'keys.rotate', target: id, result: 'ok', details: { replacement: issued.key.id, graceSeconds: grace } });
        printLines([issued.plaintext]);
        process.stderr.write(`Key ${id} rotated to ${issued.key.id}; the old key stops working in ${grace} s. ${ONCE_WARNING}\n`);
      });
    });

  keys.command('revoke <id>')
    .description('Revoke a key at once.')
    .option('--env <name>', 'configuration environment')
    .action(async (id: string, opts: { env?: string }) => {
      await withConfiguredStore(opts, async ({ store, actor }) => {
        await new KeyService({ store }).revoke(id);
        await new AuditLog({ store }).record({ actor, action: 'keys.revoke', target: id, result: 'ok' });
        printLines([`Key ${id} revoked.`]);
      });
    });
}
