import { Option, type Command } from 'commander';
import { loadDataset } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';
import { crossValidate, isTrainableAlgorithm, TRAINABLE_ALGORITHMS } from '../../train/index.js';
import { collectParam, formatSummaryTable, parseCount, parseProbability, REPORT_FORMATS, startProgress, toJsonText, type ReportFormat } from './train-cli-support.js';

interface CvOptions {
  readonly data: string;
  readonly algorithm: string;
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  readonly threshold: number;
  readonly param?: Record<string, unknown>;
  readonly format: ReportFormat;
}

/**
 * `riskgate cv --data SRC --algorithm A [--folds 5] [--repeats 5] [--seed 0] [--threshold 0.5]
 * [--param key=value]… [--format text|json]`: repeated stratified cross-validation, printing
 * the mean and sample sd of every metric over all folds (repeat r uses fold seed seed + r).
 */
export function registerCv(program: Command): void {
  program
    .command('cv')
    .description('cross-validate an algorithm on a data set (repeated stratified k-fold)')
    .requiredOption('--data <source>', 'uci:SITE (several joined with commas) or a CSV file')
    .addOption(new Option('--algorithm <name>', 'algorithm to train').choices(TRAINABLE_ALGORITHMS).makeOptionMandatory())
    .option('--folds <k>', 'folds per repeat', parseCount, 5)
    .option('--repeats <r>', 'repeats (fold seeds seed…seed+r−1)', parseCount, 5)
    .option('--seed <n>', 'first fold seed', parseCount, 0)
    .option('--threshold <p>', 'probability threshold of accuracy, sensitivity, …', parseProbability, 0.5)
    .option('--param <key=value>', 'hyperparameter override (repeatable)', collectParam)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .action(async (opts: CvOptions) => {
      if (!isTrainableAlgorithm(opts.algorithm)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown algorithm ${opts.algorithm}` });
      const dataset = loadDataset(opts.data);
      const progress = await startProgress('cross-validating', opts.folds * opts.repeats);
      let result;
      try {
        result = crossValidate(dataset, {
          algorithm: opts.algorithm, params: opts.param, folds: opts.folds, repeats: opts.repeats, seed: opts.seed,
          threshold: opts.threshold, onProgress: (done) => progress.update(done),
        });
      } finally {
        progress.stop();
      }
      const header = {
        data: { id: dataset.id, sha256: dataset.sha256, rows: dataset.n },
        algorithm: result.algorithm,
        hyperparameters: result.hyperparameters,
        folds: result.folds,
        repeats: result.repeats,
        seed: result.seed,
      };
      if (opts.format === 'json') {
        process.stdout.write(toJsonText({ ...header, summary: result.summary }));
        return;
      }
      process.stdout.write(
        `${result.algorithm} on ${dataset.id} (${dataset.n} rows): ${result.repeats} × ${result.folds}-fold stratified CV, fold seeds ${result.seed}–${result.seed + result.repeats - 1}\n` +
          `hyperparameters: ${JSON.stringify(result.hyperparameters)}\n\n${formatSummaryTable(result.summary)}`,
      );
    });
}
