/** Verdicts of a check, in rising severity (as a runtime list and a union). */
export const CHECK_STATUSES = ['pass', 'warn', 'not-yet', 'fail'] as const;
/** pass: fine; warn: fine but worth a look; not-yet: too little data to say; fail: roll back. */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** Names of the checks the judge runs. */
export const CHECK_NAMES = ['error-rate', 'latency', 'memory', 'risk-distribution', 'outcomes', 'circuit-breaker', 'agreement', 'probability-delta'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** One check's verdict with the numbers behind it and a sentence a person understands. */
export interface CheckResult {
  readonly name: CheckName;
  readonly status: CheckStatus;
  /** The measured values and limits (null where not computable), for dashboards and reports. */
  readonly numbers: Readonly<Record<string, number | null>>;
  readonly sentence: string;
  /** An optional check's not-yet does not hold the verdict back (e.g. outcomes arrive late). */
  readonly optional?: boolean;
}

/** The judge's answer for one window: the worst status of the checks, and each check. */
export interface Verdict {
  readonly status: CheckStatus;
  readonly checks: readonly CheckResult[];
  /** One line summing up the verdict. */
  readonly summary: string;
}

/** The more severe of two statuses. */
export function worseStatus(a: CheckStatus, b: CheckStatus): CheckStatus {
  return CHECK_STATUSES.indexOf(a) >= CHECK_STATUSES.indexOf(b) ? a : b;
}

/**
 * Combines checks, worst first wins; an optional check that says not-yet counts as pass
 * (its sentence still shows why). Never returns pass for an empty list: no checks, no verdict.
 */
export function combineChecks(checks: readonly CheckResult[]): Verdict {
  if (checks.length === 0) return { status: 'not-yet', checks, summary: 'No checks ran.' };
  let status: CheckStatus = 'pass';
  for (const check of checks) {
    const counted = check.optional && check.status === 'not-yet' ? 'pass' : check.status;
    status = worseStatus(status, counted);
  }
  const named = (s: CheckStatus) => checks.filter((c) => c.status === s && !(c.optional && s === 'not-yet')).map((c) => c.name);
  const summary =
    status === 'fail' ? `Failed: ${named('fail').join(', ')}.`
    : status === 'not-yet' ? `Not enough data yet for: ${named('not-yet').join(', ')}.`
    : status === 'warn' ? `Passed with warnings: ${named('warn').join(', ')}.`
    : 'All checks passed.';
  return { status, checks, summary };
}
