import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadDataset } from '../../data/index.js';
import { loadModel, readArtifact, type Model } from '../../model/index.js';
import { bootstrapAucCi, evaluatePredictions } from '../../train/index.js';
import { formatMetricsTable, parseProbability, REPORT_FORMATS, toJsonText, type ReportFormat } from './train-cli-support.js';

/** Bootstrap resamples of the AUC confidence interval (cheap on thousands of rows). */
const AUC_CI_RESAMPLES = 1000;

interface EvaluateOptions {
  readonly model: string;
  readonly data: string;
  readonly threshold?: number;
  readonly format: ReportFormat;
}

/** The model at `path` and its operating threshold (an artifact's own, else null). */
function readModel(path: string): { model: Model; threshold: number | null } {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // loadModel reports the missing path with its own error.
  }
  if (!isDir) return { model: loadModel(path), threshold: null };
  const { model, metadata } = readArtifact(path);
  return { model, threshold: metadata.threshold };
}

/**
 * `riskgate evaluate --model PATH --data SRC [--threshold P] [--format text|json]`: scores a
 * labelled data set with a model (artifact folder or XGBoost JSON) and prints every metric,
 * with a 95 % bootstrap interval for the AUC. The threshold is --threshold, else the
 * artifact's own, else 0.5. The data set's columns are read by the model's signature.
 */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('measure a model on a labelled data set')
    .requiredOption('--model <path>', 'artifact folder or XGBoost JSON model file')
    .requiredOption('--data <source>', 'uci:SITE (several joined with commas) or a CSV file with the target column')
    .option('--threshold <p>', 'probability threshold (default: the artifact\'s, else 0.5)', parseProbability)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .action((opts: EvaluateOptions) => {
      const { model, threshold: own } = readModel(opts.model);
      const dataset = loadDataset(opts.data, { signature: model.signature });
      const threshold = opts.threshold ?? own ?? 0.5;
      const prob = model.predict(dataset.x, dataset.n).map((q) => q.probability);
      const metrics = evaluatePredictions(dataset.y, prob, threshold);
      const auc = bootstrapAucCi(dataset.y, prob, { resamples: AUC_CI_RESAMPLES, seed: 0 });
      if (opts.format === 'json') {
        process.stdout.write(toJsonText({ model: opts.model, data: { id: dataset.id, sha256: dataset.sha256, rows: dataset.n }, metrics, aucCi: auc }));
        return;
      }
      process.stdout.write(
        `${model.algorithm} model ${opts.model} on ${dataset.id} (${dataset.n} rows), threshold ${threshold.toFixed(4)}\n` +
          `AUC ${auc.estimate.toFixed(4)} (95% bootstrap CI ${auc.lower.toFixed(4)}–${auc.upper.toFixed(4)})\n\n${formatMetricsTable({ [dataset.id]: metrics })}`,
      );
    });
}
