import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HEART_SIGNATURE } from '../../data/index.js';
import { importXgboostJson, writeArtifact } from '../../model/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/xgboost');
const dir = mkdtempSync(join(tmpdir(), 'riskgate-predict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Expected { features: string[]; rows: (number | null)[][]; probability: number[]; raw: number[]; contribs: number[][] }
interface Row { probability: number; raw: number; base_value?: number; contributions?: Record<string, number> }

function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
}

/** The fixture rows as a CSV file: header of feature names, empty cells for missing values. */
function writeCsv(name: string, header: readonly string[], rows: readonly (number | string | null)[][]): string {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, [header.join(','), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n');
  return path;
}

function riskgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/riskgate.js'), ...args], { cwd: ROOT, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function parseCsv(text: string): Record<string, number>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j], Number(v)])));
}

describe('riskgate predict', () => {
  it.each(['depth3-named', 'depth6-unnamed'])('gives XGBoost’s probabilities and pred_contribs for %s, in JSON and CSV', async (name) => {
    const expected = expectedOf(name);
    const input = writeCsv(name, expected.features, expected.rows);
    const model = join(FIXTURES, `${name}.json`);
    const json = await riskgate(['predict', '--model', model, '--input', input, '--explain']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Row[];
    expect(rows).toHaveLength(expected.rows.length);
    const p = expected.features.length;
    rows.forEach((r, i) => {
      expect(Math.abs(r.probability - expected.probability[i])).toBeLessThan(1e-6);
      expect(Math.abs((r.base_value as number) - expected.contribs[i][p])).toBeLessThan(1e-5);
      expected.features.forEach((f, j) => expect(Math.abs((r.contributions as Record<string, number>)[f] - expected.contribs[i][j])).toBeLessThan(1e-5));
    });
    const csv = await riskgate(['predict', '--model', model, '--input', input, '--explain', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const table = parseCsv(csv.stdout);
    expect(Object.keys(table[0])).toEqual(['probability', 'raw', 'base_value', ...expected.features.map((f) => `contributions.${f}`)]);
    table.forEach((t, i) => {
      expect(t.probability).toBe(rows[i].probability);
      expect(t.raw).toBe(rows[i].raw);
      expected.features.forEach((f) => expect(t[`contributions.${f}`]).toBe(rows[i].contributions?.[f]));
    });
  });

  it('omits explanations unless asked, and scores an artifact folder the same as the XGBoost file', async () => {
    const expected = expectedOf('depth3-named');
    const artifact = join(dir, 'artifact');
    const model = importXgboostJson(join(FIXTURES, 'depth3-named.json'));
    writeArtifact(artifact, { model, metadata: { hyperparameters: {}, training_data: null, metrics: {}, threshold: null, git_commit: null } });
    const input = writeCsv('artifact', expected.features, expected.rows.slice(0, 30));
    const out = await riskgate(['predict', '--model', artifact, '--input', input]);
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout) as Row[];
    expect(Object.keys(rows[0])).toEqual(['probability', 'raw']);
    rows.forEach((r, i) => expect(Math.abs(r.probability - expected.probability[i])).toBeLessThan(1e-6));
  });

  it('refuses bad rows with their line numbers and problems, scoring nothing', async () => {
    const names = HEART_SIGNATURE.features.map((f) => f.name);
    const good = [63, 1, 1, 145, 233, 1, 2, 150, 0, 2.3, 3, 0, 6];
    const input = writeCsv('bad', names, [good, [...good.slice(0, 4), 0, ...good.slice(5)], good, ['abc', ...good.slice(1)], good]);
    const out = await riskgate(['predict', '--model', join(FIXTURES, 'depth3-named.json'), '--signature', 'heart', '--input', input]);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('VALIDATION_FAILED');
    expect(out.stderr).toMatch(/line 3: "chol" is 0 mg\/dl, outside the plausible range 80–700 mg\/dl/);
    expect(out.stderr).toMatch(/line 5: "age" must be a finite number; got the string "abc"/);
    expect(out.stderr).not.toMatch(/line [246]:/);
    // The same cholesterol of 0 is a number like any other under the permissive signature.
    const permissive = await riskgate(['predict', '--model', join(FIXTURES, 'depth3-named.json'), '--input', writeCsv('zero', names, [[...good.slice(0, 4), 0, ...good.slice(5)]])]);
    expect(permissive.code).toBe(0);
  });

  it('refuses a header with unknown columns, naming line 1', async () => {
    const input = writeCsv('header', ['f0', 'f1', 'bogus'], [[1, 2, 3]]);
    const out = await riskgate(['predict', '--model', join(FIXTURES, 'depth6-unnamed.json'), '--input', input]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/line 1 \(header\): unknown column\(s\) bogus/);
  });
});
