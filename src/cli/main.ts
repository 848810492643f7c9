import { Command } from 'commander';
import { isRiskgateError } from '../errors.js';
import { COMMANDS } from './commands/index.js';

/**
 * The `riskgate` command. Each sub-command lives in its own file under commands/ and is
 * registered through the list in commands/index.ts. Expected failures (RiskgateError) print
 * their message and exit 1; anything else prints the stack and exits 2.
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const program = new Command('riskgate')
    .description('Serve clinical risk models with reasons, and ship new versions safely.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv as string[]);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      process.exitCode = 1;
      return;
    }
    if (isRiskgateError(e)) {
      process.stderr.write(`error [${e.code}]: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  }
}

await runCli(process.argv);
