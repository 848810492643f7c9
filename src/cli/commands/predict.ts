import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { featureNames, HEART_SIGNATURE, type Signature } from '../../data/index.js';
import { RiskgateError } from '../../errors.js';
import { loadModel, type Model } from '../../model/index.js';
import { readInputRows } from './predict-input.js';
import { csvHeader, formatRow, PREDICT_FORMATS, type PredictFormat } from './predict-output.js';

/** Built-in signatures that `--signature` can apply to an XGBoost file. */
const SIGNATURES: Readonly<Record<string, Signature>> = { heart: HEART_SIGNATURE };
/** Rows scored (and written) per batch: bounds memory for explanations and paces the progress bar. */
const BATCH_ROWS = 5000;
/** Below this many rows the progress bar would only flicker. */
const PROGRESS_MIN_ROWS = 20_000;

interface PredictOptions {
  readonly model: string;
  readonly input: string;
  readonly explain?: boolean;
  readonly format: PredictFormat;
  readonly signature?: string;
}

function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    throw new RiskgateError('BAD_REQUEST', { reason: `cannot read input ${path}: ${(e as Error).message}` }, { cause: e });
  }
}

/** Writes to stdout, waiting when the pipe is full so large outputs do not pile up in memory. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

/** A progress bar on stderr when it is a terminal and the work is long; otherwise a no-op. */
async function progressFor(total: number): Promise<{ update(done: number): void; stop(): void }> {
  if (!process.stderr.isTTY || total < PROGRESS_MIN_ROWS) return { update() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, format: 'scoring [{bar}] {value}/{total} rows' }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** Scores the rows batch by batch and writes them in input order. */
async function scoreAndWrite(model: Model, x: Float64Array, n: number, opts: PredictOptions): Promise<void> {
  const features = featureNames(model.signature);
  const p = features.length;
  const progress = await progressFor(n);
  if (opts.format === 'csv') await write(csvHeader(features, Boolean(opts.explain)));
  else await write('[');
  for (let start = 0; start < n; start += BATCH_ROWS) {
    const count = Math.min(BATCH_ROWS, n - start);
    const batch = x.subarray(start * p, (start + count) * p);
    const predictions = model.predict(batch, count);
    const explanations = opts.explain ? model.explain(batch, count) : undefined;
    const lines = predictions.map((prediction, i) => formatRow({ prediction, explanation: explanations?.[i] }, features, opts.format));
    await write(opts.format === 'csv' ? lines.join('') : `${start > 0 ? ',' : ''}\n${lines.join(',\n')}`);
    progress.update(start + count);
  }
  progress.stop();
  if (opts.format === 'json') await write(n > 0 ? '\n]\n' : ']\n');
}

/**
 * `riskgate predict --model PATH --input rows.csv [--explain] [--format json|csv]
 * [--signature heart]`: scores a CSV file (header of feature names, empty cells missing) with
 * an artifact folder or an XGBoost JSON file, validating every row against the model's
 * signature first. Any bad row stops the command (exit 1) with its line number and problems.
 */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('score the rows of a CSV file with a model (artifact folder or XGBoost JSON file)')
    .requiredOption('--model <path>', 'artifact folder or XGBoost JSON model file')
    .requiredOption('--input <file>', 'CSV with a header of feature names, empty cells for missing values (- reads stdin)')
    .option('--explain', 'add base_value and each feature\'s contribution (exact SHAP, raw-score space)')
    .addOption(new Option('--format <format>', 'output format').choices(PREDICT_FORMATS).default('json'))
    .addOption(new Option('--signature <name>', 'built-in signature to apply to an XGBoost file (default: permissive)').choices(Object.keys(SIGNATURES)))
    .action(async (opts: PredictOptions) => {
      const model = loadModel(opts.model, { signature: opts.signature ? SIGNATURES[opts.signature] : undefined });
      const { x, n } = readInputRows(readInput(opts.input), model.signature, opts.input === '-' ? 'stdin' : opts.input);
      await scoreAndWrite(model, x, n, opts);
    });
}
