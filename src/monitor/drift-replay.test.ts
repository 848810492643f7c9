import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset, subsetDataset, type Dataset } from '../data/index.js';
import { LogisticModel } from '../model/index.js';
import { LOGISTIC_DEFAULTS, trainLogistic } from '../train/index.js';
import type { DriftSample } from './arm-window.js';
import { compareToReference } from './compare-to-reference.js';
import type { DriftReport } from './drift-report.js';
import { parseReferenceProfile } from './parse-reference-profile.js';
import { buildReferenceProfile } from './reference-profile.js';

// Real replays of the UCI sites against a reference built from two thirds of Cleveland, with
// the risks of a logistic model trained on those same patients (what the artifact would store).

/** A deterministic shuffle of 0…n−1 (a small LCG; the split only needs to be fixed). */
function shuffled(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

const cleveland = loadDataset('uci:cleveland');
const order = shuffled(cleveland.n, 7);
const train = subsetDataset(cleveland, order.slice(0, 202), 'cleveland[train]');
const heldOut = subsetDataset(cleveland, order.slice(202), 'cleveland[held-out]');
const model = new LogisticModel(trainLogistic(train, HEART_SIGNATURE, LOGISTIC_DEFAULTS), HEART_SIGNATURE);
const risks = (d: Dataset) => Float64Array.from(model.predict(d.x, d.n), (p) => p.probability);
// Through JSON and back, exactly as the artifact stores and the server loads it.
const profile = parseReferenceProfile(JSON.stringify(buildReferenceProfile(train, { signature: HEART_SIGNATURE, risks: risks(train) })));

function replay(d: Dataset): DriftReport {
  const sample: DriftSample = { n: d.n, featureCount: d.features.length, x: d.x, probabilities: risks(d) };
  return compareToReference(profile, sample, {}, { modelVersion: '1.0.0', arm: 'stable' });
}
const byName = (r: DriftReport, name: string) => r.features.find((f) => f.feature === name)!;

describe('drift on real replays of the UCI sites', () => {
  it('finds no drift in held-out Cleveland patients', () => {
    const r = replay(heldOut);
    expect(r.n).toBe(101);
    expect(r.features.filter((f) => f.verdict === 'drift').map((f) => f.feature)).toEqual([]);
    expect(r.risk.verdict).not.toBe('drift');
    expect(r.verdict === 'no_drift' || r.verdict === 'moderate').toBe(true);
    for (const f of r.features) expect(f.pValue, f.feature).not.toBeNull();
  });

  it('flags the Swiss file: cholesterol never measured, ca and thal mostly missing', () => {
    const r = replay(loadDataset('uci:switzerland'));
    expect(r.verdict).toBe('drift');
    const chol = byName(r, 'chol');
    expect(chol.verdict).toBe('drift');
    expect(chol.missingRate.live).toBe(1);
    expect(chol.missingRate.reference).toBe(0);
    expect(chol.test).toBeNull(); // nothing to compare values with: the missing-rate test decides
    expect(chol.missingTest!.pValue).toBeLessThan(1e-10);
    expect(chol.psi!).toBeGreaterThan(1);
    expect(byName(r, 'ca').verdict).toBe('drift');
    expect(byName(r, 'ca').missingRate.live!).toBeGreaterThan(0.9);
    expect(byName(r, 'sex').verdict).not.toBe('not_enough_data');
  });

  it('flags the VA file where it differs (ca, thal missingness) and its predicted risk', () => {
    const r = replay(loadDataset('uci:va'));
    expect(r.verdict).toBe('drift');
    for (const name of ['ca', 'thal']) {
      const f = byName(r, name);
      expect(f.verdict, name).toBe('drift');
      expect(f.test!.name).toBe('chi2');
      expect(f.missingRate.live!, name).toBeGreaterThan(f.missingRate.reference! + 0.5);
    }
    expect(r.risk.psi!).toBeGreaterThan(0.25);
  });

  it('says "not enough data", never "no drift", below the minimum sample', () => {
    const small = subsetDataset(heldOut, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = replay(small);
    expect(r.verdict).toBe('not_enough_data');
    expect(r.features.every((f) => f.verdict === 'not_enough_data')).toBe(true);
    const empty = compareToReference(profile, { n: 0, featureCount: 13, x: new Float64Array(0), probabilities: new Float64Array(0) });
    expect(empty.verdict).toBe('not_enough_data');
    expect(empty.risk.psi).toBeNull();
    expect(JSON.parse(JSON.stringify(empty))).toEqual(empty); // no NaN slips into the JSON
  });

  it('reports values outside the training range and unknown codes', () => {
    const d = subsetDataset(heldOut, Array.from({ length: 101 }, (_, i) => i));
    const x = Float64Array.from(d.x);
    const p = d.features.length;
    const age = d.features.indexOf('age');
    const cp = d.features.indexOf('cp');
    for (let i = 0; i < 20; i++) x[i * p + age] = 105; // older than anyone in the reference
    x[cp] = 9; // a code the reference never saw
    const r = compareToReference(profile, { n: d.n, featureCount: p, x, probabilities: risks(d) });
    const ageRef = profile.features[age];
    if (ageRef.kind !== 'continuous') throw new Error('age is continuous');
    let outside = 20;
    for (let i = 20; i < d.n; i++) if (x[i * p + age] < ageRef.min! || x[i * p + age] > ageRef.max!) outside++;
    expect(byName(r, 'age').outOfRangeRate).toBeCloseTo(outside / 101, 10);
    expect(byName(r, 'cp').outOfRangeRate).toBeCloseTo(1 / 101, 10);
  });

  it('refuses a sample whose columns do not match the profile', () => {
    expect(() => compareToReference(profile, { n: 1, featureCount: 2, x: new Float64Array(2), probabilities: new Float64Array(1) })).toThrow(/columns/);
  });
});
