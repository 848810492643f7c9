import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../config/index.js';
import { isRiskgateError } from '../errors.js';
import { createTestRegistry, heartTrainingPool, type TestRegistry } from '../registry/registry-test-support.js';
import { formatReport } from './format-report.js';
import type { GateResult } from './gate-result.js';
import { invertLabelsWhere, scaleLogistic, shuffleLabels, trainHeart, writeModelArtifact } from './gates-test-support.js';
import { runGates, type GateReport } from './run-gates.js';

const thresholds = DEFAULTS.gates;
const gate = (r: GateReport, name: string): GateResult => {
  const g = r.gates.find((x) => x.gate === name);
  if (!g) throw new Error(`no gate ${name}`);
  return g;
};

let t: TestRegistry;
const versions: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestRegistry();
  const pool = heartTrainingPool();
  const add = async (name: string, model: ReturnType<typeof trainHeart>, threshold: number): Promise<void> => {
    versions[name] = (await t.registry.register(writeModelArtifact(t.dir, name, model, pool, threshold), { actor: 'test' })).version;
  };
  // The good model: boosted trees on Cleveland's training pool, threshold 0.4.
  await add('good', trainHeart(pool, 'gbdt'), 0.4);
  await add('shuffled', trainHeart(shuffleLabels(pool, 7), 'gbdt'), 0.4);
  // Overconfident: a fitted logistic model's log-odds tripled.
  await add('miscalibrated', scaleLogistic(trainHeart(pool, 'logistic'), 3), 0.4);
  // Learned the wrong thing for women: their labels inverted in training.
  await add('unfair', trainHeart(invertLabelsWhere(pool, (row) => row[1] === 0), 'gbdt'), 0.4);
  await add('good-reseeded', trainHeart(pool, 'gbdt', 1), 0.4);
  await t.registry.promote(versions.good, 'production', { actor: 'test', reason: 'baseline' });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('gates on purpose-built models', () => {
  it('passes the good model on every gate but warns on the small age group', async () => {
    const r = await runGates(t.registry, versions.good, { env: 'development', thresholds });
    expect(r.validationSet?.id).toBe('heart-validation/1');
    expect(r.passed).toBe(true);
    expect(r.gates.map((g) => g.gate)).toEqual(['discrimination', 'non-inferiority', 'operating-point', 'calibration', 'fairness-sex', 'fairness-age', 'latency', 'compatibility', 'integrity', 'documentation', 'stability']);
    for (const g of r.gates.filter((x) => x.gate !== 'fairness-age')) expect([g.gate, g.status]).toEqual([g.gate, 'pass']);
    const age = gate(r, 'fairness-age');
    expect(age.status).toBe('warn');
    expect(age.sentence).toMatch(/age >= 65 has only 18 patients/);
    const auc = gate(r, 'discrimination');
    expect(auc.ci95?.[0]).toBeLessThan(auc.value as number);
    expect(gate(r, 'operating-point').sentence).toMatch(/specificity/);
  });

  it('fails discrimination (and non-inferiority) for a model trained on shuffled labels', async () => {
    const r = await runGates(t.registry, versions.shuffled, { env: 'development', thresholds });
    expect(r.passed).toBe(false);
    expect(gate(r, 'discrimination').status).toBe('fail');
    expect(gate(r, 'discrimination').value).toBeLessThan(0.85);
    const ni = gate(r, 'non-inferiority');
    expect(ni.status).toBe('fail');
    expect(ni.ci95?.[1]).toBeLessThan(-thresholds.auc_max_drop);
    expect(r.summary).toMatch(/discrimination/);
  });

  it('fails calibration for an overconfident model', async () => {
    const r = await runGates(t.registry, versions.miscalibrated, { env: 'development', thresholds });
    const c = gate(r, 'calibration');
    expect(c.status).toBe('fail');
    expect(c.details.slope).toBeLessThan(thresholds.calibration_slope_min);
    expect(c.sentence).toMatch(/too extreme/);
  });

  it('fails fairness across sex for a model that learned the wrong thing for women', async () => {
    const r = await runGates(t.registry, versions.unfair, { env: 'development', thresholds });
    const f = gate(r, 'fairness-sex');
    expect(f.status).toBe('fail');
    expect(f.value).toBeGreaterThan(thresholds.fairness_auc_gap_max);
    expect(f.sentence).toMatch(/female 99, male 270/);
  });

  it('does not block a retrained model whose AUC differs from production only by noise', async () => {
    const r = await runGates(t.registry, versions['good-reseeded'], { env: 'development', thresholds });
    const ni = gate(r, 'non-inferiority');
    expect(ni.status).not.toBe('fail');
    expect(ni.details.production).toBe(versions.good);
    expect(ni.ci95?.[0]).toBeLessThan(0);
  });

  it('honours the environment thresholds', async () => {
    const r = await runGates(t.registry, versions.good, { env: 'staging', thresholds: { ...thresholds, auc_min: 0.95, brier_max: 0.1 } });
    expect(gate(r, 'discrimination').status).toBe('fail');
    expect(gate(r, 'calibration').status).toBe('fail');
    expect(r.env).toBe('staging');
  });
});

describe('gates on a damaged artifact', () => {
  it('records failures instead of throwing when the artifact was edited after registration', async () => {
    const local = await createTestRegistry();
    try {
      const pool = heartTrainingPool();
      const v = (await local.registry.register(writeModelArtifact(local.dir, 'a', trainHeart(pool, 'logistic'), pool, 0.4), { actor: 'x' })).version;
      appendFileSync(join(local.registry.modelPath, v, 'card.md'), '\n<script>alert(1)</script>\n');
      const r = await runGates(local.registry, v, { env: 'development', thresholds });
      expect(r.passed).toBe(false);
      expect(gate(r, 'integrity')).toMatchObject({ status: 'fail' });
      expect(gate(r, 'integrity').sentence).toMatch(/card\.md/);
      expect(gate(r, 'documentation').status).toBe('fail');
      expect(gate(r, 'stability').status).toBe('fail');
      expect(gate(r, 'discrimination').sentence).toMatch(/could not be loaded/);
    } finally {
      await local.cleanup();
    }
  });
});

describe('report formats', () => {
  it('renders JSON, Markdown and HTML', async () => {
    const r = await runGates(t.registry, versions.shuffled, { env: 'development', thresholds });
    expect(JSON.parse(formatReport(r, 'json'))).toMatchObject({ format: 'riskgate-gate-report/1', version: versions.shuffled, passed: false });
    const md = formatReport(r, 'md');
    expect(md).toMatch(/\*\*FAILED\*\*/);
    expect(md).toMatch(/\| discrimination \| FAIL \|/);
    const html = formatReport(r, 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('FAILED');
    expect(() => formatReport(r, 'pdf')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(isRiskgateError(new Error('x'))).toBe(false);
  });
});
