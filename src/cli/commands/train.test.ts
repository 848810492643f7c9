import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../data/index.js';
import { readArtifact } from '../../model/index.js';
import { parseReferenceProfile, REFERENCE_PROFILE_FILE } from '../../monitor/index.js';
import { computeAuc } from '../../stats/index.js';
import { crossValidate, trainModel } from '../../train/index.js';

// train, cv and evaluate run as child processes with piped output, as a script would use them.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'riskgate-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function riskgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/riskgate.js'), ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const cleveland = loadDataset('uci:cleveland');

describe('riskgate train / evaluate', () => {
  const out = join(dir, 'gbdt-artifact');

  it('writes a verified artifact with the metadata and prints its metrics', async () => {
    const r = await riskgate(['train', '--data', 'uci:cleveland', '--algorithm', 'gbdt', '--seed', '3', '--param', 'nEstimators=40', '--out', out, '--format', 'json']);
    expect(r.stderr).toBe(''); // piped: no progress bar
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { threshold: number; metrics: { outOfFold: { sensitivity: number; auc: number } } };
    expect(printed.metrics.outOfFold.sensitivity).toBeGreaterThanOrEqual(0.85);
    const { model, metadata } = readArtifact(out);
    expect(metadata.algorithm).toBe('gbdt');
    expect(metadata.hyperparameters).toMatchObject({ nEstimators: 40, seed: 3 });
    expect(metadata.training_data).toEqual({ ids: ['uci:cleveland'], sha256: cleveland.sha256, rows: 303 });
    expect(metadata.threshold).toBe(printed.threshold);
    expect(metadata.metrics).toMatchObject({ outOfFold: { auc: printed.metrics.outOfFold.auc } });
    expect(Date.parse(metadata.created_at)).not.toBeNaN();
    // The artifact holds exactly the model trainModel makes with the same seed.
    const again = trainModel(cleveland, { algorithm: 'gbdt', params: { nEstimators: 40 }, seed: 3 });
    expect(JSON.stringify(model.toJSON())).toBe(JSON.stringify(again.model.toJSON()));
    // Sealed beside it: the reference profile of the training rows and the model's risks on them.
    expect(readArtifact(out).files).toContain(REFERENCE_PROFILE_FILE);
    const profile = parseReferenceProfile(readFileSync(join(out, REFERENCE_PROFILE_FILE), 'utf8'));
    expect(profile.dataset).toEqual({ id: 'uci:cleveland', sha256: cleveland.sha256, n: 303 });
    expect(profile.features.map((f) => f.name)).toEqual(cleveland.features);
    const risks = model.predict(cleveland.x, cleveland.n).map((q) => q.probability);
    expect(profile.risk.mean).toBeCloseTo(risks.reduce((a, v) => a + v, 0) / risks.length, 12);
  });

  it('evaluates the artifact on another site at its own threshold', async () => {
    const r = await riskgate(['evaluate', '--model', out, '--data', 'uci:hungarian', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { metrics: { auc: number; threshold: number; n: number }; aucCi: { lower: number; upper: number } };
    const hungarian = loadDataset('uci:hungarian');
    const { model, metadata } = readArtifact(out);
    const prob = model.predict(hungarian.x, hungarian.n).map((q) => q.probability);
    expect(report.metrics.auc).toBeCloseTo(computeAuc(hungarian.y, prob), 12);
    expect(report.metrics.threshold).toBe(metadata.threshold);
    expect(report.metrics.n).toBe(hungarian.n);
    expect(report.aucCi.lower).toBeLessThan(report.metrics.auc);
    const text = await riskgate(['evaluate', '--model', out, '--data', 'uci:hungarian', '--threshold', '0.5']);
    expect(text.stdout).toMatch(/threshold 0\.5000/);
    expect(text.stdout).toMatch(/^sensitivity\s+0\.\d{4}$/m);
  });

  it('refuses an existing artifact folder, unknown hyperparameters and algorithms with exit 1', async () => {
    const [again, badParam, badAlgorithm, missing] = await Promise.all([
      riskgate(['train', '--data', 'uci:cleveland', '--algorithm', 'logistic', '--out', out]),
      riskgate(['train', '--data', 'uci:cleveland', '--algorithm', 'gbdt', '--param', 'depth=3', '--out', join(dir, 'x')]),
      riskgate(['cv', '--data', 'uci:cleveland', '--algorithm', 'svm']),
      riskgate(['evaluate', '--model', join(dir, 'nothing'), '--data', 'uci:va']),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT/);
    expect(badParam.code).toBe(1);
    expect(badParam.stderr).toMatch(/BAD_REQUEST.*unknown gbdt hyperparameter "depth"/);
    expect(badAlgorithm.code).toBe(1);
    expect(badAlgorithm.stderr).toMatch(/svm/);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/MODEL_INVALID/);
  });
});

describe('riskgate cv', () => {
  it('prints the mean and sd that crossValidate computes, as JSON and as text', async () => {
    const args = ['cv', '--data', 'uci:cleveland', '--algorithm', 'logistic', '--folds', '4', '--repeats', '2', '--seed', '1'];
    const r = await riskgate([...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const printed = JSON.parse(r.stdout) as { folds: number; repeats: number; summary: Record<string, { mean: number; sd: number }> };
    const cv = crossValidate(cleveland, { algorithm: 'logistic', folds: 4, repeats: 2, seed: 1 });
    expect(printed.summary.auc.mean).toBeCloseTo(cv.summary.auc.mean, 12);
    expect(printed.summary.brier.sd).toBeCloseTo(cv.summary.brier.sd, 12);
    expect([printed.folds, printed.repeats]).toEqual([4, 2]);
    const text = await riskgate(args);
    expect(text.stdout).toMatch(new RegExp(`^auc\\s+${cv.summary.auc.mean.toFixed(4)}\\s+${cv.summary.auc.sd.toFixed(4)}$`, 'm'));
  });
});
