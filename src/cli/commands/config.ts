import type { Command } from 'commander';
import { inspectConfig } from '../../config/index.js';
import { RiskgateError } from '../../errors.js';

/** Settings shown by `config show` with the secret masked. */
function redact(config: object): unknown {
  return JSON.parse(JSON.stringify(config, (key: string, value: unknown) => (key === 'key' && typeof value === 'string' ? '********' : key === 'url' && typeof value === 'string' ? value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@') : value)));
}

/**
 * `riskgate config validate --env E [--check-secrets]` checks environments.yml and the
 * environment variables for one environment and fails (exit 1) naming every problem: unknown
 * or malformed keys, debug or test keys or wildcard CORS in production, and with
 * --check-secrets a missing or weak SECRET_KEY. `riskgate config show` prints the resolved
 * configuration with secrets masked.
 */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('Check and show the configuration of an environment.');

  config.command('validate')
    .description('Validate config/environments.yml and environment variables for an environment.')
    .option('--env <name>', 'environment (default DEPLOYMENT_ENV or development)')
    .option('--file <path>', 'environments file (default config/environments.yml)')
    .option('--check-secrets', 'also require a strong SECRET_KEY outside development')
    .action((opts: { env?: string; file?: string; checkSecrets?: boolean }) => {
      const result = inspectConfig({ env: opts.env, file: opts.file, checkSecrets: opts.checkSecrets === true, persistSecret: false });
      if (result.problems.length > 0) {
        throw new RiskgateError('CONFIG_INVALID', { summary: `${result.problems.length} problem(s) in ${result.env}`, problems: result.problems }, {
          message: `configuration of ${result.env} is invalid:\n${result.problems.map((p) => `  - ${p}`).join('\n')}`,
        });
      }
      process.stdout.write(`configuration of ${result.env} is valid${opts.checkSecrets ? ' (SECRET_KEY checked)' : ''}\n`);
    });

  config.command('show')
    .description('Print the resolved configuration (secrets masked).')
    .option('--env <name>', 'environment (default DEPLOYMENT_ENV or development)')
    .action((opts: { env?: string }) => {
      const result = inspectConfig({ env: opts.env, checkSecrets: false, persistSecret: false });
      if (result.config === null) throw new RiskgateError('CONFIG_INVALID', { summary: result.problems.join('; ') });
      process.stdout.write(`${JSON.stringify(redact(result.config), null, 2)}\n`);
    });
}
