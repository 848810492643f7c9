import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, featureNames, loadDataset } from '../data/index.js';
import { LogisticModel, type LogisticModelData } from '../model/index.js';
import { scoreCsv, type ScoreCursor } from './score-csv.js';

const names = featureNames(HEART_SIGNATURE);
// A small logistic model over the heart features: weights chosen by hand, means 0.
const data: LogisticModelData = {
  featureNames: names,
  intercept: -0.5,
  terms: names.map((_, j) => ({ feature: j, code: null, weight: 0.01 * (j + 1), mean: 0 })),
  impute: names.map(() => 0),
};
const model = new LogisticModel(data, HEART_SIGNATURE);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'riskgate-score-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the Cleveland patients as a CSV with an id column (empty cells for missing). */
function writeCleveland(path: string, extraRows: string[] = []): number {
  const d = loadDataset('uci:cleveland');
  const lines = [['id', ...names].join(',')];
  for (let i = 0; i < d.n; i++) {
    const cells = Array.from(d.x.subarray(i * 13, i * 13 + 13), (v) => (Number.isNaN(v) ? '' : String(v)));
    lines.push([`p${i}`, ...cells].join(','));
  }
  lines.push(...extraRows);
  writeFileSync(path, lines.join('\n') + '\n');
  return d.n;
}

function readCsv(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
}

describe('scoreCsv', () => {
  it('scores every valid row in order, with explanations that add up, and rejects bad rows with reasons', async () => {
    const input = join(dir, 'in.csv');
    const n = writeCleveland(input, ['bad1,500,1,1,145,233,1,2,150,0,2.3,3,0,6', 'bad2,63,1,9,145,0,1,2,150,0,2.3,3,0,6']);
    const out = join(dir, 'out.csv');
    const rej = join(dir, 'rej.csv');
    const res = await scoreCsv({ model, threshold: 0.5, inputPath: input, outputPath: out, rejectsPath: rej, explain: true, chunkRows: 50 });
    expect(res).toMatchObject({ rowsRead: n + 2, accepted: n, rejected: 2 });
    const rows = readCsv(out);
    expect(rows[0]).toEqual(['id', 'probability', 'raw', 'band', 'base_value', ...names.map((f) => `${f}_contribution`)]);
    expect(rows).toHaveLength(n + 1);
    const d = loadDataset('uci:cleveland');
    const expected = model.predict(d.x, d.n);
    for (let i = 0; i < n; i++) {
      const r = rows[i + 1];
      expect(r[0]).toBe(`p${i}`);
      expect(Number(r[1])).toBeCloseTo(expected[i].probability, 12);
      const sum = r.slice(4).reduce((a, v) => a + Number(v), 0);
      expect(sum).toBeCloseTo(Number(r[2]), 9);
    }
    const rejects = readFileSync(rej, 'utf8');
    // Line numbers of the file: the header is line 1, Cleveland fills lines 2–304.
    expect(rejects).toContain(`${n + 2},bad1,`);
    expect(rejects).toContain(`${n + 3},bad2,`);
    expect(rejects).toMatch(/age: .*18.*110/);
    expect(rejects).toContain('bad2');
    expect(rejects).toMatch(/cp: /);
    expect(rejects).toMatch(/chol: /);
  });

  it('resumes from a checkpoint and produces the same files as an uninterrupted run', async () => {
    const input = join(dir, 'in.csv');
    writeCleveland(input, ['bad,63,1,9,145,233,1,2,150,0,2.3,3,0,6']);
    const whole = { out: join(dir, 'a.csv'), rej: join(dir, 'a-rej.csv') };
    await scoreCsv({ model, inputPath: input, outputPath: whole.out, rejectsPath: whole.rej, explain: false, chunkRows: 40 });

    const part = { out: join(dir, 'b.csv'), rej: join(dir, 'b-rej.csv') };
    const checkpoints: ScoreCursor[] = [];
    const abort = new AbortController();
    await expect(
      scoreCsv({
        model, inputPath: input, outputPath: part.out, rejectsPath: part.rej, explain: false, chunkRows: 40, signal: abort.signal,
        onCheckpoint: (c) => {
          checkpoints.push(c);
          if (checkpoints.length === 3) abort.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'JOB_FAILED' });
    // Garbage written after the checkpoint (a crash mid-write) is cut off on resume.
    writeFileSync(part.out, readFileSync(part.out, 'utf8') + 'half-written,0.1');
    const last = checkpoints[2];
    await scoreCsv({ model, inputPath: input, outputPath: part.out, rejectsPath: part.rej, explain: false, chunkRows: 40, resume: last });
    expect(readFileSync(part.out, 'utf8')).toBe(readFileSync(whole.out, 'utf8'));
    expect(readFileSync(part.rej, 'utf8')).toBe(readFileSync(whole.rej, 'utf8'));
  });

  it('refuses a file whose header lacks feature columns, naming them', async () => {
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'id,age,sex\n1,63,1\n');
    await expect(scoreCsv({ model, inputPath: input, outputPath: join(dir, 'o'), rejectsPath: join(dir, 'r'), explain: false })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('cp, trestbps'),
    });
  });

  it('refuses a missing input file with DATA_LOAD_FAILED', async () => {
    await expect(scoreCsv({ model, inputPath: join(dir, 'nope.csv'), outputPath: join(dir, 'o'), rejectsPath: join(dir, 'r'), explain: false })).rejects.toMatchObject({ code: 'DATA_LOAD_FAILED' });
  });
});
