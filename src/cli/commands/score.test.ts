import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, featureNames, loadDataset } from '../../data/index.js';

const run = promisify(execFile);
const BIN = new URL('../../../bin/riskgate.js', import.meta.url).pathname;

describe('riskgate score', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riskgate-score-cli-'));
    await run('node', [BIN, 'train', '--data', 'uci:cleveland', '--algorithm', 'logistic', '--out', join(dir, 'model')], { cwd: dir });
    const d = loadDataset('uci:va');
    const names = featureNames(HEART_SIGNATURE);
    const lines = [['patient', ...names].join(',')];
    for (let i = 0; i < d.n; i++) lines.push([`va${i}`, ...Array.from(d.x.subarray(i * 13, i * 13 + 13), (v) => (Number.isNaN(v) ? '' : v))].join(','));
    lines.push(['broken', 'sixty', ...names.slice(1).map(() => '')].join(','));
    writeFileSync(join(dir, 'in.csv'), lines.join('\n'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores a file with a model folder, writes rejects with reasons and exits 3 when rows were rejected', async () => {
    const out = join(dir, 'out.csv');
    const err = await run('node', [BIN, 'score', '--input', join(dir, 'in.csv'), '--output', out, '--explain', '--model', join(dir, 'model')], { cwd: dir }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(3);
    expect(err?.stderr).toMatch(/scored \d+ of 201 rows/);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0].split(',').slice(0, 5)).toEqual(['patient', 'probability', 'raw', 'band', 'base_value']);
    // VA rows missing non-optional values (none: age, sex and cp are always present) are all scored.
    expect(rows.length - 1).toBe(200);
    const rejects = readFileSync(join(dir, 'out.rejects.csv'), 'utf8');
    expect(rejects).toContain('broken');
    expect(rejects).toMatch(/age: /);
    expect(rejects).toMatch(/sex: /);
  });

  it('names a missing input file', async () => {
    const err = await run('node', [BIN, 'score', '--input', join(dir, 'nope.csv'), '--output', join(dir, 'x.csv'), '--model', join(dir, 'model')], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('nope.csv');
  });
});
