import type { ModelEvaluation } from '../registry/index.js';
import { wilsonInterval } from '../stats/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** Operating point: sensitivity at the model's threshold ≥ sensitivity_min; specificity reported. */
export function judgeOperatingPoint(ev: ModelEvaluation, t: GateThresholds): GateResult {
  const o = ev.operatingPoint;
  const wilson = wilsonInterval(o.tp, o.tp + o.fn);
  // No positives in the validation set: every sensitivity is possible, so the interval is [0, 1].
  const ci95: readonly [number, number] = [wilson.lower ?? 0, wilson.upper ?? 1];
  const ok = o.sensitivity >= t.sensitivity_min;
  return {
    gate: 'operating-point', status: ok ? 'pass' : 'fail', value: o.sensitivity, ci95, display: `sensitivity ${fmt(o.sensitivity)} (95 % CI ${fmt(ci95[0])}–${fmt(ci95[1])}), specificity ${fmt(o.specificity)}`, threshold: `sensitivity ≥ ${t.sensitivity_min} at threshold ${fmt(o.threshold)}`,
    sentence: `At its threshold of ${fmt(o.threshold)} the model flags ${o.tp} of ${o.tp + o.fn} patients with disease (sensitivity ${fmt(o.sensitivity)}${ok ? '' : `, below the required ${t.sensitivity_min}`}) and clears ${o.tn} of ${o.tn + o.fp} without (specificity ${fmt(o.specificity)}).`,
    details: { threshold: o.threshold, specificity: o.specificity, ppv: o.ppv, npv: o.npv, tp: o.tp, fp: o.fp, tn: o.tn, fn: o.fn },
  };
}
