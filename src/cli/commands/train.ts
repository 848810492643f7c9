import { Option, type Command } from 'commander';
import { loadDataset } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';
import { writeArtifact } from '../../model/index.js';
import { buildReferenceProfile, REFERENCE_PROFILE_FILE } from '../../monitor/index.js';
import {
  crossValidate, evaluatePredictions, isTrainableAlgorithm, trainingMetadata, trainModel, TRAINABLE_ALGORITHMS, type Metrics, type ThresholdRule,
} from '../../train/index.js';
import { collectParam, formatMetricsTable, parseCount, parseProbability, REPORT_FORMATS, startProgress, toJsonText, type ReportFormat } from './train-cli-support.js';

/** Sensitivity the operating threshold is chosen for unless --threshold fixes it (a screening aid). */
const DEFAULT_TARGET_SENSITIVITY = 0.85;

interface TrainOptions {
  readonly data: string;
  readonly algorithm: string;
  readonly seed: number;
  readonly out?: string;
  readonly folds: number;
  readonly targetSensitivity: number;
  readonly threshold?: number;
  readonly param?: Record<string, unknown>;
  readonly format: ReportFormat;
}

/** Default artifact folder: model-ALGORITHM-YYYYMMDD-HHMMSS in the working directory. */
function defaultOut(algorithm: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `model-${algorithm}-${stamp}`;
}

/**
 * `riskgate train --data SRC --algorithm A [--seed N] [--out DIR] [--folds 5]
 * [--target-sensitivity 0.85 | --threshold P] [--param key=value]… [--format text|json]`:
 * cross-validates (one seeded stratified k-fold) to choose the operating threshold on
 * out-of-fold predictions and measure the model honestly, trains on all rows, writes an
 * artifact folder (with reference-profile.json, the reference of drift) and prints the metrics
 * (cross-validated, and apparent on the training rows).
 */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model on a data set and write it as an artifact folder')
    .requiredOption('--data <source>', 'uci:SITE (several joined with commas) or a CSV file')
    .addOption(new Option('--algorithm <name>', 'algorithm to train').choices(TRAINABLE_ALGORITHMS).makeOptionMandatory())
    .option('--seed <n>', 'seed of every random choice', parseCount, 0)
    .option('--out <dir>', 'artifact folder to create (default model-ALGORITHM-YYYYMMDD-HHMMSS)')
    .option('--folds <k>', 'folds of the cross-validation that picks the threshold (0 skips it)', parseCount, 5)
    .option('--target-sensitivity <s>', 'choose the highest threshold with this out-of-fold sensitivity', parseProbability, DEFAULT_TARGET_SENSITIVITY)
    .option('--threshold <p>', 'use this fixed probability threshold instead', parseProbability)
    .option('--param <key=value>', 'hyperparameter override (repeatable)', collectParam)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .action(async (opts: TrainOptions) => {
      if (!isTrainableAlgorithm(opts.algorithm)) throw new RiskgateError('BAD_REQUEST', { reason: `unknown algorithm ${opts.algorithm}` });
      if (opts.folds === 0 && opts.threshold === undefined) {
        throw new RiskgateError('BAD_REQUEST', { reason: 'without cross-validation (--folds 0) give a fixed --threshold' });
      }
      const dataset = loadDataset(opts.data);
      const rule: ThresholdRule = opts.threshold !== undefined ? { kind: 'fixed', value: opts.threshold } : { kind: 'sensitivity', target: opts.targetSensitivity };
      const base = { algorithm: opts.algorithm, params: opts.param, seed: opts.seed };
      // Fail fast on bad hyperparameters before the cross-validation runs.
      const trained = trainModel(dataset, base);
      let cv;
      if (opts.folds > 0) {
        const progress = await startProgress('cross-validating', opts.folds);
        try {
          cv = crossValidate(dataset, { ...base, folds: opts.folds, repeats: 1, threshold: rule, onProgress: (d) => progress.update(d) });
        } finally {
          progress.stop();
        }
      }
      const threshold = cv ? cv.thresholds[0] : (opts.threshold as number);
      const apparent = trained.model.predict(dataset.x, dataset.n).map((q) => q.probability);
      const metrics = {
        protocol: cv ? `stratified ${opts.folds}-fold CV, seed ${opts.seed}; threshold by ${rule.kind === 'fixed' ? 'fixed value' : `sensitivity ≥ ${rule.target}`}` : 'training rows only',
        ...(cv ? { outOfFold: evaluatePredictions(dataset.y, cv.outOfFold[0], threshold), folds: cv.summary } : {}),
        training: evaluatePredictions(dataset.y, apparent, threshold),
      };
      const out = opts.out ?? defaultOut(opts.algorithm, new Date());
      // The training rows and the model's own risks on them: the reference live drift is measured against.
      const profile = buildReferenceProfile(dataset, { signature: trained.model.signature, risks: apparent });
      const metadata = writeArtifact(out, {
        model: trained.model, metadata: trainingMetadata(trained, dataset, metrics, threshold),
        extraFiles: { [REFERENCE_PROFILE_FILE]: JSON.stringify(profile) },
      });
      if (opts.format === 'json') {
        process.stdout.write(toJsonText({ artifact: out, algorithm: trained.algorithm, hyperparameters: metadata.hyperparameters, threshold, metrics }));
        return;
      }
      const sets: Record<string, Metrics> = metrics.outOfFold ? { 'out-of-fold': metrics.outOfFold, training: metrics.training } : { training: metrics.training };
      process.stdout.write(
        `trained ${trained.algorithm} on ${dataset.id} (${dataset.n} rows); artifact written to ${out}\n` +
          `hyperparameters: ${JSON.stringify(metadata.hyperparameters)}\n` +
          `threshold: ${threshold.toFixed(4)} (${metrics.protocol})\n\n${formatMetricsTable(sets)}`,
      );
    });
}
