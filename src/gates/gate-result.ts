import type { Config } from '../config/index.js';

/** A gate's verdict: fail blocks a release; warn is shown to a person but does not block. */
export const GATE_STATUSES = ['pass', 'warn', 'fail'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

/** The thresholds of the gates (config.gates of the environment). */
export type GateThresholds = Config['gates'];

/** One gate's outcome. */
export interface GateResult {
  /** Stable name, e.g. 'discrimination', 'fairness-sex'. */
  readonly gate: string;
  readonly status: GateStatus;
  /** The measured value (null when there is nothing to measure). */
  readonly value: number | null;
  /** 95 % interval of the value, where it has one. */
  readonly ci95: readonly [number, number] | null;
  /** The value as a reader should see it when one number is not enough (e.g. two gaps). */
  readonly display?: string;
  /** The rule, readable: "AUC ≥ 0.85". */
  readonly threshold: string;
  /** One sentence a person understands. */
  readonly sentence: string;
  /** Numbers behind the sentence (group sizes, specificity…). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** The worse of two statuses (fail > warn > pass). */
export function worstStatus(...statuses: readonly GateStatus[]): GateStatus {
  return statuses.reduce<GateStatus>((w, s) => (GATE_STATUSES.indexOf(s) > GATE_STATUSES.indexOf(w) ? s : w), 'pass');
}

/** Formats a number for sentences. */
export function fmt(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
}

/** A gate result that cannot be measured because the version has no labelled validation data. */
export function unmeasurable(gate: string, threshold: string): GateResult {
  return { gate, status: 'fail', value: null, ci95: null, threshold, sentence: 'This version has no labelled validation data, so this gate cannot be measured; register it with validation data.', details: {} };
}
