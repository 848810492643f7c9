import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { loadModel, readArtifact } from '../../model/index.js';
import { registryModelResolver, scoreCsv, type ResolvedModel } from '../../jobs/index.js';
import { withConfiguredStore } from './configured-store.js';
import { startProgress } from './train-cli-support.js';
import { openGatedRegistry } from '../../gates/index.js';

interface ScoreOptions {
  readonly input: string;
  readonly output: string;
  readonly rejects?: string;
  readonly explain?: boolean;
  readonly model?: string;
  readonly env?: string;
}

/** Exit code when some rows were rejected (the scores of the others are written). */
const EXIT_ROWS_REJECTED = 3;

/** `OUT.csv` → `OUT.rejects.csv`. */
function defaultRejectsPath(output: string): string {
  return output.replace(/(\.csv)?$/i, '.rejects.csv');
}

async function scoreWith(resolved: ResolvedModel, o: ScoreOptions): Promise<void> {
  const rejectsPath = o.rejects ?? defaultRejectsPath(o.output);
  const total = statSync(o.input, { throwIfNoEntry: false })?.size ?? 0;
  const bar = await startProgress('scoring (bytes)', Math.max(1, total));
  try {
    const summary = await scoreCsv({
      model: resolved.model,
      threshold: resolved.threshold,
      inputPath: o.input,
      outputPath: o.output,
      rejectsPath,
      explain: Boolean(o.explain),
      onProgress: (p) => bar.update(p.bytesRead),
    });
    bar.stop();
    process.stderr.write(`scored ${summary.accepted} of ${summary.rowsRead} rows with ${resolved.version}; ${summary.rejected} rejected (${rejectsPath})\n`);
    if (summary.rejected > 0) process.exitCode = EXIT_ROWS_REJECTED;
  } finally {
    bar.stop();
  }
}

/**
 * `riskgate score`: streams a CSV of any size through a model (a registered version or alias,
 * production by default, or a model path), writing scores (and explanations) to OUT and rows
 * that fail validation to a rejects file with their reasons. Exits 3 when rows were rejected.
 */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description('Score a CSV file (header of feature names; empty cells are missing) with a model, streaming')
    .requiredOption('--input <file>', 'CSV file to score')
    .requiredOption('--output <file>', 'where to write the scores')
    .option('--rejects <file>', 'where rows that fail validation go (default OUT.rejects.csv)')
    .option('--explain', 'add base value and one contribution per feature')
    .option('--model <version|alias|path>', 'registered version or alias, or an artifact folder / XGBoost JSON file (default: production)')
    .option('--env <name>', 'environment whose registry to use')
    .action(async (o: ScoreOptions) => {
      if (o.model && existsSync(o.model)) {
        // An artifact folder carries its threshold (for the band column); a bare XGBoost file has none.
        const resolved: ResolvedModel = statSync(o.model).isDirectory()
          ? (({ model, metadata }) => ({ model, version: o.model as string, threshold: metadata.threshold ?? undefined }))(readArtifact(o.model))
          : { model: loadModel(o.model), version: o.model };
        await scoreWith(resolved, o);
        return;
      }
      await withConfiguredStore({ env: o.env }, async ({ config, store }) => {
        const registry = openGatedRegistry(config, store);
        await scoreWith(await registryModelResolver(registry)(o.model ?? null), o);
      });
    });
}
