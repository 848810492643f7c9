import { RiskgateError } from '../errors.js';
import { chiSquareHomogeneity, ksTwoSample, normalSf, populationStabilityIndex } from '../stats/index.js';
import type { DriftSample } from './arm-window.js';
import { DRIFT_VERDICTS, type DriftReport, type DriftTest, type DriftThresholds, type DriftVerdict, type FeatureDrift } from './drift-report.js';
import { binIndex, type CategoricalProfile, type ContinuousProfile, type FeatureProfile, type ReferenceProfile } from './reference-profile.js';

/** Default drift thresholds: the runbook's PSI 0.25, a 5 % family-wise level, 100 live rows. */
export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = Object.freeze({ minSample: 100, psiModerate: 0.1, psiDrift: 0.25, alpha: 0.05 });

/** Where the live sample came from, copied into the report. */
export interface DriftContext {
  readonly modelVersion?: string | null;
  readonly arm?: string | null;
  readonly window?: { readonly from: number; readonly to: number } | null;
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Two-proportion z test (pooled) of missing rates; p = 1 when nothing or everything is missing on both sides. */
function missingRateTest(refMissing: number, refN: number, liveMissing: number, liveN: number): DriftTest {
  const pooled = (refMissing + liveMissing) / (refN + liveN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / refN + 1 / liveN));
  if (se === 0) return { name: 'missing_rate', statistic: 0, pValue: 1 };
  const z = (liveMissing / liveN - refMissing / refN) / se;
  return { name: 'missing_rate', statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** The verdict of one feature from its PSI and adjusted p-value. */
function judge(n: number, psi: number | null, p: number | null, t: DriftThresholds, perTestAlpha: number): DriftVerdict {
  if (n < t.minSample) return 'not_enough_data';
  // A shift counts only when it is both large (PSI) and unlikely to be sampling noise (p):
  // at 100 rows PSI alone over ten bins averages about 0.15 even without any drift.
  const significant = p !== null && p < perTestAlpha;
  if (psi !== null && significant && psi >= t.psiDrift) return 'drift';
  if (psi !== null && significant && psi >= t.psiModerate) return 'moderate';
  return 'no_drift';
}

function compareContinuous(ref: ContinuousProfile, live: Float64Array, t: DriftThresholds, perTestAlpha: number): FeatureDrift {
  const present = Float64Array.from(Array.from(live).filter((v) => !Number.isNaN(v))).sort();
  const liveMissing = live.length - present.length;
  const liveBins = new Array<number>(ref.edges.length + 1).fill(0);
  for (const v of present) liveBins[binIndex(ref.edges, v)]++;
  const refCounts = [...ref.binCounts, ref.missing];
  const liveCounts = [...liveBins, liveMissing];
  const psi = live.length === 0 ? null : num(populationStabilityIndex(refCounts, liveCounts));
  const ks = present.length > 0 && ref.sample.length > 0 ? ksTwoSample(ref.sample, present) : null;
  const test: DriftTest | null = ks ? { name: 'ks', statistic: ks.statistic, pValue: ks.pValue } : null;
  const missingTest = live.length > 0 && ref.count > 0 ? missingRateTest(ref.missing, ref.count, liveMissing, live.length) : null;
  const ps = [test?.pValue, missingTest?.pValue].filter((p): p is number => p !== undefined && Number.isFinite(p));
  const pValue = ps.length === 0 ? null : Math.min(1, Math.min(...ps) * ps.length);
  const mean = present.length === 0 ? Number.NaN : present.reduce((a, v) => a + v, 0) / present.length;
  const outside = ref.min === null || ref.max === null ? present.length : present.filter((v) => v < ref.min! || v > ref.max!).length;
  return {
    feature: ref.name, kind: 'continuous', n: live.length,
    verdict: judge(live.length, psi, pValue, t, perTestAlpha),
    psi, test, missingTest, pValue,
    cramersV: live.length === 0 ? null : num(chiSquareHomogeneity(refCounts, liveCounts).cramersV),
    standardizedMeanDifference: ref.mean === null || !ref.sd ? null : num((mean - ref.mean) / ref.sd),
    missingRate: { reference: ref.count === 0 ? null : ref.missing / ref.count, live: live.length === 0 ? null : liveMissing / live.length },
    outOfRangeRate: present.length === 0 ? null : outside / present.length,
  };
}

function compareCategorical(ref: CategoricalProfile, live: Float64Array, t: DriftThresholds, perTestAlpha: number): FeatureDrift {
  const index = new Map(ref.categories.map((c, k) => [c.value, k]));
  const known = new Set(ref.categories.filter((c) => c.count > 0).map((c) => c.value));
  // Columns: each reference code, then "another value", then missing.
  const liveCounts = new Array<number>(ref.categories.length + 2).fill(0);
  let present = 0;
  let unseen = 0;
  for (const v of live) {
    if (Number.isNaN(v)) {
      liveCounts[ref.categories.length + 1]++;
      continue;
    }
    present++;
    if (!known.has(v)) unseen++;
    liveCounts[index.get(v) ?? ref.categories.length]++;
  }
  const refCounts = [...ref.categories.map((c) => c.count), 0, ref.missing];
  const psi = live.length === 0 ? null : num(populationStabilityIndex(refCounts, liveCounts));
  const chi = live.length === 0 || ref.count === 0 ? null : chiSquareHomogeneity(refCounts, liveCounts);
  const test: DriftTest | null = chi && Number.isFinite(chi.pValue) ? { name: 'chi2', statistic: chi.statistic, pValue: chi.pValue, df: chi.df } : null;
  const pValue = test ? test.pValue : null;
  return {
    feature: ref.name, kind: ref.kind, n: live.length,
    verdict: judge(live.length, psi, pValue, t, perTestAlpha),
    psi, test, missingTest: null, pValue,
    cramersV: chi ? num(chi.cramersV) : null,
    standardizedMeanDifference: null,
    missingRate: { reference: ref.count === 0 ? null : ref.missing / ref.count, live: live.length === 0 ? null : liveCounts[ref.categories.length + 1] / live.length },
    outOfRangeRate: present === 0 ? null : unseen / present,
  };
}

function compareFeature(ref: FeatureProfile, live: Float64Array, t: DriftThresholds, perTestAlpha: number): FeatureDrift {
  return ref.kind === 'continuous' ? compareContinuous(ref, live, t, perTestAlpha) : compareCategorical(ref, live, t, perTestAlpha);
}

/** The worse of two verdicts (drift > moderate > no_drift > not_enough_data). */
function worse(a: DriftVerdict, b: DriftVerdict): DriftVerdict {
  return DRIFT_VERDICTS.indexOf(a) >= DRIFT_VERDICTS.indexOf(b) ? a : b;
}

/**
 * Compares a live window with the training reference: per feature and for predicted risk,
 * PSI, a two-sample test, effect sizes, missing and out-of-range rates, and a verdict. Below
 * `minSample` rows every verdict is `not_enough_data`. Pure; throws BAD_REQUEST only when the
 * sample's columns do not match the profile.
 */
export function compareToReference(profile: ReferenceProfile, sample: DriftSample, thresholds: Partial<DriftThresholds> = {}, context: DriftContext = {}): DriftReport {
  const t: DriftThresholds = { ...DEFAULT_DRIFT_THRESHOLDS, ...thresholds };
  const p = profile.features.length;
  if (sample.featureCount !== p) throw new RiskgateError('BAD_REQUEST', { reason: `drift sample has ${sample.featureCount} columns, the reference profile ${p}` });
  const perTestAlpha = t.alpha / (p + 1);
  const features = profile.features.map((ref, j) => {
    const col = new Float64Array(sample.n);
    for (let i = 0; i < sample.n; i++) col[i] = sample.x[i * p + j];
    return compareFeature(ref, col, t, perTestAlpha);
  });
  const risk = compareContinuous(profile.risk, Float64Array.from(sample.probabilities), t, perTestAlpha);
  const verdict = sample.n < t.minSample ? 'not_enough_data' : [...features, risk].reduce<DriftVerdict>((v, f) => worse(v, f.verdict), 'no_drift');
  return {
    modelVersion: context.modelVersion ?? null,
    arm: context.arm ?? null,
    window: context.window ?? null,
    referenceDataset: profile.dataset.id,
    n: sample.n,
    verdict,
    thresholds: t,
    features,
    risk,
  };
}
