import { DEFAULT_ALERT_RULES, type AlertName, type AlertRules, type AlertSeverity } from './alert-rules.js';
import type { AlertSnapshot } from './alert-snapshot.js';

/** A condition that holds now: rule, subject key, and a sentence saying what is wrong. */
export interface AlertCondition {
  readonly rule: AlertName;
  /** The subject within the rule (e.g. "1.3.0/canary", "1.2.0/chol"); '' for process-wide rules. */
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly value: number;
  readonly threshold: number;
}

/** One tracked alert: pending until it has held `forMs`, then firing. */
export interface TrackedAlert extends AlertCondition {
  readonly phase: 'pending' | 'firing';
  /** When the condition started holding (epoch ms). */
  readonly since: number;
  /** The last evaluation at which it held. */
  readonly lastSeen: number;
}

/** The evaluator's memory between ticks, keyed by `rule|key`. */
export type AlertState = ReadonlyMap<string, TrackedAlert>;

/** A change worth telling people about. */
export interface AlertTransition {
  readonly type: 'firing' | 'resolved';
  readonly alert: TrackedAlert;
  readonly at: number;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** The identity of an alert in state and stores. */
export function alertId(rule: string, key: string): string {
  return `${rule}|${key}`;
}

/**
 * The runbook's rules as a pure function of a snapshot and the clock: which conditions hold
 * (`conditions`) and how the tracked state moves (`step`). Never does I/O, never reads a clock.
 */
export class AlertEvaluator {
  readonly rules: AlertRules;

  constructor(rules: Partial<AlertRules> = {}) {
    this.rules = { ...DEFAULT_ALERT_RULES, ...rules };
  }

  /** Every rule's conditions that hold in `s` at `now`. */
  conditions(s: AlertSnapshot, now: number): AlertCondition[] {
    const r = this.rules;
    const out: AlertCondition[] = [];
    for (const a of s.arms) {
      if (a.requests < r.minRequests) continue;
      const key = `${a.modelVersion}/${a.arm}`;
      const rate = a.errors / a.requests;
      const about = `error rate ${pct(rate)} over ${a.requests} requests on ${key}`;
      if (r.errorRateCritical !== null && rate > r.errorRateCritical) out.push({ rule: 'CriticalErrorRate', key, severity: 'critical', summary: `${about} (limit ${pct(r.errorRateCritical)})`, value: rate, threshold: r.errorRateCritical });
      if (r.errorRateWarning !== null && rate > r.errorRateWarning) out.push({ rule: 'HighErrorRate', key, severity: 'warning', summary: `${about} (limit ${pct(r.errorRateWarning)})`, value: rate, threshold: r.errorRateWarning });
      if (r.latencyP95Ms !== null && a.p95Ms > r.latencyP95Ms) out.push({ rule: 'HighLatencyP95', key, severity: 'warning', summary: `p95 latency ${a.p95Ms.toFixed(0)} ms on ${key} (limit ${r.latencyP95Ms} ms)`, value: a.p95Ms, threshold: r.latencyP95Ms });
    }
    for (const a of s.accuracy) {
      if (r.minAccuracy === null || a.n < r.minLabelled || !(a.value < r.minAccuracy)) continue;
      out.push({ rule: 'LowRealizedAccuracy', key: a.modelVersion, severity: 'warning', summary: `realized accuracy ${pct(a.value)} of ${a.modelVersion} over ${a.n} labelled cases (minimum ${pct(r.minAccuracy)})`, value: a.value, threshold: r.minAccuracy });
    }
    if (r.memoryFraction !== null && s.memoryFraction > r.memoryFraction) {
      out.push({ rule: 'HighMemory', key: '', severity: 'warning', summary: `memory at ${pct(s.memoryFraction)} of the limit (limit ${pct(r.memoryFraction)})`, value: s.memoryFraction, threshold: r.memoryFraction });
    }
    for (const d of s.drift) {
      if (r.featurePsi === null || !d.significant || d.psi === null || !(d.psi > r.featurePsi)) continue;
      out.push({ rule: 'FeatureDrift', key: `${d.modelVersion}/${d.feature}`, severity: 'warning', summary: `${d.feature} has drifted for ${d.modelVersion}: PSI ${d.psi.toFixed(2)} (limit ${r.featurePsi})`, value: d.psi, threshold: r.featurePsi });
    }
    for (const b of s.breakers) {
      if (r.breakerOpen && b.open) out.push({ rule: 'BreakerOpen', key: b.modelVersion, severity: 'critical', summary: `circuit breaker of ${b.modelVersion} is open: its traffic falls back to the stable model`, value: 1, threshold: 1 });
    }
    for (const ro of s.rollouts) {
      if (r.rolloutPaused && ro.phase === 'paused') out.push({ rule: 'RolloutPaused', key: ro.id, severity: 'warning', summary: `rollout ${ro.id} is paused and waits for a person`, value: 1, threshold: 1 });
      if (r.rolloutRolledBack && ro.phase === 'rolled_back' && now - ro.since < r.rollbackAlertMs) out.push({ rule: 'RolloutRolledBack', key: ro.id, severity: 'critical', summary: `rollout ${ro.id} was rolled back`, value: 1, threshold: 1 });
    }
    return out;
  }

  /**
   * Advances `state` to `now`: new conditions become pending (or firing at once when forMs is
   * 0), pending ones fire after forMs, firing ones resolve once absent for resolveAfterMs.
   * Returns the new state and the firing/resolved transitions, each exactly once per incident.
   */
  step(state: AlertState, snapshot: AlertSnapshot, now: number): { state: Map<string, TrackedAlert>; transitions: AlertTransition[] } {
    const next = new Map<string, TrackedAlert>();
    const transitions: AlertTransition[] = [];
    for (const c of this.conditions(snapshot, now)) {
      const id = alertId(c.rule, c.key);
      const prev = state.get(id);
      const since = prev?.since ?? now;
      const due = prev?.phase === 'firing' || now - since >= this.rules.forMs;
      const tracked: TrackedAlert = { ...c, phase: due ? 'firing' : 'pending', since, lastSeen: now };
      if (due && prev?.phase !== 'firing') transitions.push({ type: 'firing', alert: tracked, at: now });
      next.set(id, tracked);
    }
    for (const [id, prev] of state) {
      if (next.has(id)) continue;
      // Pending alerts that stop holding vanish silently; firing ones wait out resolveAfterMs.
      if (prev.phase !== 'firing') continue;
      if (now - prev.lastSeen >= this.rules.resolveAfterMs) transitions.push({ type: 'resolved', alert: prev, at: now });
      else next.set(id, prev);
    }
    return { state: next, transitions };
  }
}
