import type { ModelEvaluation } from '../registry/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Wilson 95 % interval of a proportion k/n. */
export function wilsonInterval(k: number, n: number): readonly [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = Z95 * Z95;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/** Operating point: sensitivity at the model's threshold ≥ sensitivity_min; specificity reported. */
export function judgeOperatingPoint(ev: ModelEvaluation, t: GateThresholds): GateResult {
  const o = ev.operatingPoint;
  const ci95 = wilsonInterval(o.tp, o.tp + o.fn);
  const ok = o.sensitivity >= t.sensitivity_min;
  return {
    gate: 'operating-point', status: ok ? 'pass' : 'fail', value: o.sensitivity, ci95, display: `sensitivity ${fmt(o.sensitivity)} (95 % CI ${fmt(ci95[0])}–${fmt(ci95[1])}), specificity ${fmt(o.specificity)}`, threshold: `sensitivity ≥ ${t.sensitivity_min} at threshold ${fmt(o.threshold)}`,
    sentence: `At its threshold of ${fmt(o.threshold)} the model flags ${o.tp} of ${o.tp + o.fn} patients with disease (sensitivity ${fmt(o.sensitivity)}${ok ? '' : `, below the required ${t.sensitivity_min}`}) and clears ${o.tn} of ${o.tn + o.fp} without (specificity ${fmt(o.specificity)}).`,
    details: { threshold: o.threshold, specificity: o.specificity, ppv: o.ppv, npv: o.npv, tp: o.tp, fp: o.fp, tn: o.tn, fn: o.fn },
  };
}
