// Model speed (issue 2): single-row and batch predict / exact TreeSHAP of boosted ensembles
// trained by XGBoost on Cleveland (100 trees at depth 4, and at depth 6 with min_child_weight
// 0), against XGBoost's own C++ predict and pred_contribs on the same model and rows, one
// thread. Run: npm run bench -- model
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UCI_DATA_DIR, loadDataset } from '../src/data/index.js';
import { importXgboostJson, type TreeEnsembleModel } from '../src/model/index.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./xgboost_contribs.py', import.meta.url));
const BATCH_ROWS = 100_000;
/** Rows timed one at a time for the single-row median and p99. */
const SINGLE_ROWS = 5_000;
/** Share of cells made missing in the resampled batch. */
const MISSING_SHARE = 0.05;
const PREDICT_RUNS = 5;
const EXPLAIN_RUNS = 3;
/** XGBoost's pred_contribs at depth 6 takes ~0.4 ms a row: time it on the first 20,000 rows. */
const XGBOOST_ROWS = 20_000;
const XGBOOST_RUNS = 3;
/** Rows whose contributions are compared with XGBoost's (sanity check of the same model). */
const CHECK_ROWS = 2_000;
const MODELS = [
  { name: 'depth4', label: '100 trees, depth 4' },
  { name: 'depth6', label: '100 trees, depth 6, min_child_weight 0' },
] as const;

/** Seeded uniform [0,1) (mulberry32), so every run times the same rows. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** BATCH_ROWS rows resampled from Cleveland, with MISSING_SHARE of cells set missing. */
function makeBatch(): Float64Array {
  const d = loadDataset('uci:cleveland');
  const rand = seeded(2026);
  const x = new Float64Array(BATCH_ROWS * 13);
  for (let r = 0; r < BATCH_ROWS; r++) {
    const src = Math.floor(rand() * d.n);
    for (let j = 0; j < 13; j++) x[r * 13 + j] = rand() < MISSING_SHARE ? Number.NaN : d.x[src * 13 + j];
  }
  return x;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function quantile(v: number[], q: number): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Median over runs of wall and CPU µs per row. */
function timeBatch(runs: number, rows: number, fn: () => void): { wall: number; cpu: number } {
  fn(); // warm-up: JIT, and TreeSHAP's one-time table precomputation
  const walls: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    fn();
    walls.push(((performance.now() - w0) * 1000) / rows);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / rows);
  }
  return { wall: median(walls), cpu: median(cpu) };
}

/** Median and p99 µs of one call per row. */
function timeSingle(x: Float64Array, fn: (row: Float64Array) => void): { median: number; p99: number } {
  const times: number[] = [];
  for (let r = 0; r < SINGLE_ROWS + 500; r++) {
    const row = x.subarray(r * 13, r * 13 + 13);
    const t0 = process.hrtime.bigint();
    fn(row);
    if (r >= 500) times.push(Number(process.hrtime.bigint() - t0) / 1000); // first 500: warm-up
  }
  return { median: median(times), p99: quantile(times, 0.99) };
}

interface XgbTiming {
  rows: number;
  predict: { wall_s_per_row: number; cpu_s_per_row: number };
  contribs: { wall_s_per_row: number; cpu_s_per_row: number };
}

function python(args: string[]): { ok: true; stdout: string } | { ok: false; reason: string } {
  const r = spawnSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) return { ok: false, reason: r.error.message };
  if (r.status !== 0) return { ok: false, reason: (r.stderr || `exit ${r.status}`).trim().split('\n').pop() ?? '' };
  return { ok: true, stdout: r.stdout };
}

function fmt(v: number, digits = 2): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

function printTable(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`\n${title}`);
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

function benchModel(model: TreeEnsembleModel, label: string, x: Float64Array, dir: string, modelFile: string | null): void {
  const n = BATCH_ROWS;
  const raw = new Float64Array(n);
  const phi = new Float64Array(n * 13);
  const single = {
    predict: timeSingle(x, (row) => model.predict(row, 1)),
    explain: timeSingle(x, (row) => model.explain(row, 1)),
  };
  const predict = timeBatch(PREDICT_RUNS, n, () => model.predictRaw(x, n, raw));
  const explain = timeBatch(EXPLAIN_RUNS, n, () => model.explain(x, n));
  const explainInto = timeBatch(EXPLAIN_RUNS, n, () => model.explainInto(x, n, phi));
  const shap = model.shap();
  const table: string[][] = [['measure', 'riskgate wall µs/row', 'riskgate CPU µs/row', 'rows/s (wall)', 'XGBoost wall µs/row', 'XGBoost CPU µs/row', 'XGBoost / riskgate (wall)', '(CPU)']];
  let xgb: XgbTiming | null = null;
  let agreement = '';
  if (modelFile) {
    const r = python(['time', modelFile, join(dir, 'rows.f64'), String(XGBOOST_ROWS), String(XGBOOST_RUNS), String(CHECK_ROWS), join(dir, 'check.f64')]);
    if (r.ok) {
      xgb = JSON.parse(r.stdout) as XgbTiming;
      const theirs = new Float64Array(readFileSync(join(dir, 'check.f64')).buffer.slice(0));
      let worst = 0;
      model.explain(x, CHECK_ROWS).forEach((e, i) => {
        e.contributions.forEach((c, j) => (worst = Math.max(worst, Math.abs(c - theirs[i * 14 + j]))));
        worst = Math.max(worst, Math.abs(e.baseValue - theirs[i * 14 + 13]));
      });
      agreement = `largest |riskgate − XGBoost| contribution over ${CHECK_ROWS} rows: ${worst.toExponential(2)}`;
    } else {
      agreement = `XGBoost timing unavailable: ${r.reason}`;
    }
  }
  const row = (name: string, ours: { wall: number; cpu: number }, theirs?: { wall_s_per_row: number; cpu_s_per_row: number }): string[] => [
    name, fmt(ours.wall), fmt(ours.cpu), Math.round(1e6 / ours.wall).toLocaleString('en-US'),
    theirs ? fmt(theirs.wall_s_per_row * 1e6) : 'n/a', theirs ? fmt(theirs.cpu_s_per_row * 1e6) : 'n/a',
    theirs ? `${fmt((theirs.wall_s_per_row * 1e6) / ours.wall, 1)}×` : 'n/a', theirs ? `${fmt((theirs.cpu_s_per_row * 1e6) / ours.cpu, 1)}×` : 'n/a',
  ];
  table.push(row('batch predict (raw)', predict, xgb?.predict));
  table.push(row('batch explain (TreeSHAP, explain())', explain, xgb?.contribs));
  table.push(row('batch explain (explainInto, no objects)', explainInto, xgb?.contribs));
  printTable(`${label}: ${model.data.feature.length} nodes; TreeSHAP tables ${(shap.tableBytes / 2 ** 20).toFixed(1)} MiB for ${shap.tableTrees}/${model.data.treeOffsets.length - 1} trees`, table);
  printTable('single row (one call per row)', [
    ['call', 'median µs', 'p99 µs'],
    ['predict(row, 1)', fmt(single.predict.median), fmt(single.predict.p99)],
    ['explain(row, 1)', fmt(single.explain.median), fmt(single.explain.p99)],
  ]);
  if (xgb) console.log(`XGBoost timed on the first ${xgb.rows.toLocaleString('en-US')} rows of the same batch, median of ${XGBOOST_RUNS} runs, nthread=1.`);
  if (agreement) console.log(agreement);
}

function main(): void {
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  console.log(`Model speed — node ${process.version}, ${cpus().length} CPUs (${cpuModel}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`Batch: ${BATCH_ROWS.toLocaleString('en-US')} rows resampled from Cleveland, ${MISSING_SHARE * 100}% of cells missing; one thread.`);
  const dir = mkdtempSync(join(tmpdir(), 'riskgate-bench-'));
  try {
    const x = makeBatch();
    writeFileSync(join(dir, 'rows.f64'), new Uint8Array(x.buffer));
    const made = python(['models', dir, join(UCI_DATA_DIR, 'processed.cleveland.data')]);
    if (!made.ok) {
      console.log(`\nXGBoost (python3 + xgboost) is unavailable, so the reference models cannot be made: ${made.reason}`);
      console.log('Install it (apt-get install python3-xgboost) to run this benchmark.');
      return;
    }
    for (const m of MODELS) {
      const file = join(dir, `${m.name}.json`);
      benchModel(importXgboostJson(file), m.label, x, dir, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
