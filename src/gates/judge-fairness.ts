import type { ModelEvaluation, SubgroupFactor, SubgroupResult } from '../registry/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** Largest minus smallest of the defined values (0 with fewer than two). */
function gap(values: readonly (number | null)[]): number {
  const v = values.filter((x): x is number => x !== null);
  return v.length < 2 ? 0 : Math.max(...v) - Math.min(...v);
}

/**
 * Fairness for one factor (sex or age band): the AUC gap and the sensitivity gap between its
 * groups. Gaps are judged over groups with at least fairness_min_group_size patients (a
 * smaller group's estimate is mostly noise); a failing gap fails, and a small or
 * unmeasurable group turns a pass into a warning, with every group's size reported. `value` is
 * the AUC gap; `display` shows both gaps.
 */
export function judgeFairness(ev: ModelEvaluation, factor: SubgroupFactor, t: GateThresholds): GateResult {
  const groups = ev.subgroups.filter((g) => g.factor === factor);
  const threshold = `AUC gap ≤ ${t.fairness_auc_gap_max}, sensitivity gap ≤ ${t.fairness_sensitivity_gap_max}; groups ≥ ${t.fairness_min_group_size} patients`;
  const gate = `fairness-${factor}`;
  if (groups.length === 0) return { gate, status: 'warn', value: null, ci95: null, threshold, sentence: `The validation data has no ${factor} column, so fairness across ${factor} groups cannot be checked.`, details: {} };
  const sized = groups.filter((g) => g.n >= t.fairness_min_group_size);
  const small = groups.filter((g) => g.n < t.fairness_min_group_size);
  const unmeasured = sized.filter((g) => g.auc === null || g.sensitivity === null);
  const aucGap = gap(sized.map((g) => g.auc));
  const sensGap = gap(sized.map((g) => g.sensitivity));
  const sizes = groups.map((g: SubgroupResult) => `${g.group} ${g.n}`).join(', ');
  const failures = [
    ...(aucGap > t.fairness_auc_gap_max ? [`the AUC differs by ${fmt(aucGap)} between groups (max ${t.fairness_auc_gap_max})`] : []),
    ...(sensGap > t.fairness_sensitivity_gap_max ? [`the sensitivity differs by ${fmt(sensGap)} (max ${t.fairness_sensitivity_gap_max})`] : []),
  ];
  const warnings = [
    ...small.map((g) => `${g.group} has only ${g.n} patients (< ${t.fairness_min_group_size}), too few to judge`),
    ...unmeasured.map((g) => `${g.group} lacks patients with or without disease, so its AUC or sensitivity is undefined`),
  ];
  const status = failures.length ? 'fail' : warnings.length ? 'warn' : 'pass';
  const per = groups.map((g) => `${g.group}: AUC ${fmt(g.auc)}, sensitivity ${fmt(g.sensitivity)}`).join('; ');
  const sentence = failures.length
    ? `The model works unequally across ${factor} groups: ${failures.join(' and ')} (${per}; patients: ${sizes}).`
    : `Across ${factor} groups the AUC gap is ${fmt(aucGap)} and the sensitivity gap ${fmt(sensGap)}, within limits${warnings.length ? `, but ${warnings.join('; ')}` : ''} (patients: ${sizes}).`;
  const display = `AUC gap ${fmt(aucGap)}, sensitivity gap ${fmt(sensGap)}`;
  return { gate, status, value: aucGap, display, ci95: null, threshold, sentence, details: { aucGap, sensitivityGap: sensGap, groups } };
}
