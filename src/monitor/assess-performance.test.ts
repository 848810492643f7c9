import { describe, expect, it } from 'vitest';
import { HEART_SIGNATURE, loadDataset } from '../data/index.js';
import { LogisticModel } from '../model/index.js';
import { computeAuc } from '../stats/index.js';
import { LOGISTIC_DEFAULTS, trainLogistic } from '../train/index.js';
import { assessPerformance, assessPoint, type LabelledOutcome } from './assess-performance.js';

const DAY = 86_400_000;

describe('assessPerformance', () => {
  // Real outcomes: a model trained on Hungarian patients scoring Cleveland ones, fed back over four days.
  const hungarian = loadDataset('uci:hungarian');
  const cleveland = loadDataset('uci:cleveland');
  const model = new LogisticModel(trainLogistic(hungarian, HEART_SIGNATURE, LOGISTIC_DEFAULTS), HEART_SIGNATURE);
  const probs = model.predict(cleveland.x, cleveland.n).map((p) => p.probability);
  const rows: LabelledOutcome[] = probs.map((p, i) => ({
    modelVersion: i % 3 === 0 ? '1.1.0' : '1.0.0', probability: p, outcome: cleveland.y[i] as 0 | 1, predictedAt: 10 * DAY + (i % 4) * DAY + 1000,
  }));

  it('reports realized metrics per version and day with the number of labelled cases', () => {
    const r = assessPerformance(rows, { bucketMs: DAY, threshold: 0.5 });
    expect(r.versions.map((v) => v.modelVersion)).toEqual(['1.0.0', '1.1.0']);
    const v = r.versions[0];
    const mine = rows.filter((x) => x.modelVersion === '1.0.0');
    expect(v.overall.n).toBe(mine.length);
    expect(v.overall.positives).toBe(mine.filter((x) => x.outcome === 1).length);
    expect(v.buckets.map((b) => b.from)).toEqual([10 * DAY, 11 * DAY, 12 * DAY, 13 * DAY]);
    expect(v.buckets.reduce((a, b) => a + b.n, 0)).toBe(mine.length);
    expect(v.overall.auc.value).toBeCloseTo(computeAuc(mine.map((x) => x.outcome), mine.map((x) => x.probability)), 12);
    expect(v.overall.auc.value!).toBeGreaterThan(0.8); // the model transfers to Cleveland
    const correct = mine.filter((x) => (x.probability >= 0.5 ? 1 : 0) === x.outcome).length;
    expect(v.overall.accuracy.value).toBeCloseTo(correct / mine.length, 12);
    expect(v.overall.brier.value).toBeCloseTo(mine.reduce((a, x) => a + (x.probability - x.outcome) ** 2, 0) / mine.length, 12);
    for (const e of [v.overall.auc, v.overall.accuracy, v.overall.sensitivity, v.overall.specificity, v.overall.brier]) {
      expect(e.lower!).toBeLessThanOrEqual(e.value!);
      expect(e.upper!).toBeGreaterThanOrEqual(e.value!);
    }
    // A day holds a quarter of the cases: its interval is wider than the overall one.
    const width = (e: { lower: number | null; upper: number | null }) => e.upper! - e.lower!;
    expect(width(v.buckets[0].accuracy)).toBeGreaterThan(width(v.overall.accuracy));
  });

  it('uses each row\'s own threshold when it has one', () => {
    const two: LabelledOutcome[] = [
      { modelVersion: 'a', probability: 0.4, outcome: 1, predictedAt: 0, threshold: 0.3 },
      { modelVersion: 'a', probability: 0.4, outcome: 1, predictedAt: 0 },
    ];
    expect(assessPoint(two, 0, 1, { threshold: 0.5 }).sensitivity.value).toBe(0.5);
  });

  it('gives null (not 0 or NaN) for metrics that are undefined', () => {
    const onlyNegatives: LabelledOutcome[] = [{ modelVersion: 'a', probability: 0.2, outcome: 0, predictedAt: 0 }];
    const p = assessPoint(onlyNegatives, 0, 1);
    expect(p.auc).toEqual({ value: null, lower: null, upper: null });
    expect(p.sensitivity.value).toBeNull();
    expect(p.specificity.value).toBe(1);
    expect(assessPerformance([], { bucketMs: DAY }).versions).toEqual([]);
  });
});
