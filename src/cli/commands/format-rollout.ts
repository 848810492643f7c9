import type { RolloutCheckJson, RolloutEventJson, RolloutJson } from '../../api/index.js';
import { formatTable } from './configured-store.js';

/** What GET /api/v1/rollouts/:id answers. */
export interface RolloutDetail {
  readonly rollout: RolloutJson;
  readonly events: readonly RolloutEventJson[];
}

/** Phases after which nothing changes any more. */
export const TERMINAL_PHASES: ReadonlySet<string> = new Set(['completed', 'aborted', 'rolled-back']);

/** A number as a person reads it: integers as is, small fractions with 3 significant digits. */
export function formatValue(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

/** "name=value" pairs of a check's numbers, in their order. */
export function formatNumbers(numbers: Readonly<Record<string, number | null>>): string {
  return Object.entries(numbers).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ');
}

/** Every check of an analysis as a table: status, check, sentence, then its numbers. */
export function formatChecks(checks: readonly RolloutCheckJson[]): string[] {
  const rows = checks.flatMap((c) => [[c.status.toUpperCase(), c.name, c.sentence], ['', '', `  ${formatNumbers(c.numbers)}`]]);
  return formatTable(['STATUS', 'CHECK', 'RESULT'], rows);
}

/** The traffic split in words. */
export function formatTraffic(r: RolloutJson): string {
  const parts = [`${100 - r.canary_weight} % ${r.stable} (stable)`];
  if (r.canary_weight > 0) parts.push(`${r.canary_weight} % ${r.candidate} (${r.switched ? 'switched' : 'canary'})`);
  if (r.mirror_percent > 0) parts.push(`${r.mirror_percent} % mirrored to ${r.candidate} (shadow, never answers)`);
  if (r.preview) parts.push(`${r.candidate} answers X-Riskgate-Preview requests`);
  return parts.join(', ');
}

/** `riskgate rollout status`: phase, step, weights, the latest analysis with numbers, the timeline. */
export function formatRolloutStatus(d: RolloutDetail): string[] {
  const r = d.rollout;
  const lines = [
    `Rollout ${r.id} (${r.strategy}) in ${r.env}: ${r.candidate} against ${r.stable}`,
    `Phase:   ${r.phase}${r.paused ? ` (${r.paused.kind}: ${r.paused.reason})` : ''}${r.outcome ? ` — ${r.outcome.reason} (${r.outcome.actor})` : ''}`,
    `Step:    ${r.steps.length > 0 ? `${r.step_index + 1} of ${r.steps.length} (${r.steps.join(', ')} %)` : '—'}; now: ${r.stage}`,
    `Traffic: ${formatTraffic(r)}`,
  ];
  if (r.smoke_test) lines.push(`Smoke:   ${r.smoke_test.status}${r.smoke_test.summary ? ` — ${r.smoke_test.summary}` : ''}`);
  if (r.analysis) {
    const failing = r.analysis.failures_in_a_row > 0 ? ` (${r.analysis.failures_in_a_row} failing in a row)` : '';
    lines.push('', `Analysis at ${r.analysis.at}: ${r.analysis.verdict.toUpperCase()}${failing} — ${r.analysis.summary}`, ...formatChecks(r.analysis.checks));
  } else {
    lines.push('', 'Analysis: none yet.');
  }
  lines.push('', 'Timeline:', ...d.events.map((e) => `  ${e.at}  ${e.type.padEnd(11)} ${e.message}${e.actor !== 'system' ? ` — ${e.actor}` : ''}`));
  return lines;
}
