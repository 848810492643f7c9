// Batch scoring throughput (issue 7): `riskgate score`'s engine, scoreCsv, streaming a CSV of
// 1,000,000 patients (Cleveland rows resampled, ~10 % of optional cells blanked) through a
// model with explanations, one thread. Target: under 60 s for the million rows. Reports wall
// time and rows/s for the default heart model (logistic) and for 100 boosted trees of depth 4,
// beside a baseline in the same run: reading and parsing the same file without scoring.
// ROWS=200000 npm run bench -- score runs a smaller file.
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { HEART_SIGNATURE, featureNames, loadDataset } from '../src/data/index.js';
import { scoreCsv } from '../src/jobs/index.js';
import { DEFAULT_HEART_ALGORITHM, trainDefaultHeartModel, trainModel } from '../src/train/index.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const names = featureNames(HEART_SIGNATURE);
const optional = new Set(HEART_SIGNATURE.features.filter((f) => f.allowMissing).map((f) => f.name));

function makeCsv(path: string): void {
  const d = loadDataset('uci:cleveland');
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const chunks: string[] = [['id', ...names].join(',')];
  for (let i = 0; i < ROWS; i++) {
    const r = Math.floor(rand() * d.n);
    const cells = names.map((n, j) => {
      const v = d.x[r * 13 + j];
      return Number.isNaN(v) || (optional.has(n) && rand() < 0.1) ? '' : String(v);
    });
    chunks.push(`${i},${cells.join(',')}`);
  }
  writeFileSync(path, chunks.join('\n') + '\n');
}

async function parseOnly(path: string): Promise<number> {
  let n = 0;
  for await (const _ of createReadStream(path).pipe(parse({ relax_column_count: true }))) n++;
  return n;
}

async function timeIt<T>(f: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, value };
}

const dir = mkdtempSync(join(tmpdir(), 'riskgate-score-bench-'));
try {
  const input = join(dir, 'in.csv');
  makeCsv(input);
  console.log(`input: ${ROWS.toLocaleString()} rows, ${(statSync(input).size / 1e6).toFixed(1)} MB`);
  const cleveland = loadDataset('uci:cleveland');
  const models = [
    { name: `default heart model (${DEFAULT_HEART_ALGORITHM})`, ...(({ model, threshold }) => ({ model, threshold }))(trainDefaultHeartModel(0)) },
    { name: 'gbdt 100 trees depth 4', model: trainModel(cleveland, { algorithm: 'gbdt', seed: 0, params: { nEstimators: 100, maxDepth: 4 } }).model, threshold: 0.5 },
  ];
  const base = await timeIt(() => parseOnly(input));
  console.log(`\n| run | wall s | rows/s |\n| --- | ---: | ---: |`);
  console.log(`| parse only (baseline) | ${base.seconds.toFixed(2)} | ${Math.round(ROWS / base.seconds).toLocaleString()} |`);
  for (const m of models) {
    for (const explain of [false, true]) {
      const r = await timeIt(() => scoreCsv({ model: m.model, threshold: m.threshold, inputPath: input, outputPath: join(dir, 'out.csv'), rejectsPath: join(dir, 'rej.csv'), explain }));
      if (r.value.accepted !== ROWS) throw new Error(`expected ${ROWS} scored rows, got ${r.value.accepted}`);
      console.log(`| ${m.name}${explain ? ' + explanations' : ''} | ${r.seconds.toFixed(2)} | ${Math.round(ROWS / r.seconds).toLocaleString()} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
