import type { Command } from 'commander';
import { inspectConfig } from '../../config/index.js';
import type { Config } from '../../config/index.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { checkArtifacts, checkClock, checkDatabase, checkDisk, checkNode, checkRedis } from './doctor-checks.js';
import type { DoctorLine } from './doctor-checks.js';

/** Runs one check, turning an unexpected failure into a failed line instead of stopping the others. */
async function guarded(check: string, run: () => Promise<DoctorLine | DoctorLine[]>): Promise<DoctorLine[]> {
  try {
    return [await run()].flat();
  } catch (e) {
    return [{ check, ok: false, message: `could not check: ${(e as Error).message}` }];
  }
}

/** Every check of the installation, in order; checks that need the database skip when it is down. */
export async function runDoctor(options: { readonly env?: string; readonly now?: () => number } = {}): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [checkNode(process.version)];
  // Secrets are checked as the server would (staging and production refuse weak ones), but never written.
  const inspection = inspectConfig({ env: options.env, persistSecret: false });
  const config: Config | null = inspection.config;
  if (inspection.problems.length > 0 || config === null) {
    lines.push(...inspection.problems.map((p) => ({ check: 'config', ok: false, message: `${p}: fix config/environments.yml or the environment variable` })));
    if (config === null) return lines;
  } else {
    lines.push({ check: 'config', ok: true, message: `${inspection.env} from ${config.paths.config_file} is valid` });
  }
  let store: Store | null = null;
  try {
    store = await openStore(config.store.url);
  } catch (e) {
    lines.push({ check: 'database', ok: false, message: `${(e as Error).message}: fix DATABASE_URL` });
  }
  try {
    if (store !== null) {
      const db = await guarded('database', () => checkDatabase(store as Store, inspection.env));
      lines.push(...db);
      if (db.every((l) => l.ok)) {
        lines.push(...(await guarded('artifacts', () => checkArtifacts(store as Store, config))));
        lines.push(...(await guarded('clock', () => checkClock(store as Store, (options.now ?? Date.now)()))));
      }
    }
    lines.push(...(await guarded('redis', () => checkRedis(config.redis.url))));
    lines.push(...(await guarded('disk', () => checkDisk([config.paths.var_dir, config.models.path, config.backups.dir]))));
  } finally {
    await store?.close();
  }
  return lines;
}

/** `riskgate doctor [--env E]`: one line per check, OK or what to do; exits 1 when any fails. */
export function registerDoctor(program: Command): void {
  program.command('doctor')
    .description('Check Node.js, configuration, database and migrations, artifacts, Redis, disk space and clock.')
    .option('--env <name>', 'configuration environment')
    .action(async (opts: { env?: string }) => {
      const lines = await runDoctor({ env: opts.env });
      const width = Math.max(...lines.map((l) => l.check.length));
      process.stdout.write(lines.map((l) => `${l.ok ? 'OK  ' : 'FAIL'}  ${l.check.padEnd(width)}  ${l.message}`).join('\n') + '\n');
      const failed = lines.filter((l) => !l.ok).length;
      process.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
      if (failed > 0) process.exitCode = 1;
    });
}
