import { presentRollout, presentRolloutEvent, type RolloutCheckJson, type RolloutEventJson, type RolloutJson } from '../../api/index.js';
import { RiskgateError } from '../../errors.js';
import { decodeRollout, onePerPatient, viewRollout } from '../../rollout/index.js';
import type { Store } from '../../store/index.js';
import { formatNumbers, formatTraffic, formatValue } from './format-rollout.js';

/** Longest span compared before and after a rollout (the rollout's own length when shorter, at least 1 min). */
const MAX_COMPARE_MS = 60 * 60_000;
const MIN_COMPARE_MS = 60_000;
/** Predictions read per window for latency and risk (counts stay exact). */
const SAMPLE_LIMIT = 20_000;

/** Serving statistics of one model version and arm over a window. */
export interface ArmStats {
  readonly version: string;
  readonly arm: string;
  readonly requests: number;
  readonly errorRate: number | null;
  readonly p95Ms: number | null;
  readonly meanRisk: number | null;
  /** Share of labelled predictions whose decision at the threshold matched the outcome. */
  readonly accuracy: number | null;
  readonly labelled: number;
}

/** Everything a rollout report shows. */
export interface RolloutReport {
  readonly rollout: RolloutJson;
  readonly events: readonly RolloutEventJson[];
  /** Analyses recorded on the timeline (each step that passed, the failure that rolled back). */
  readonly analyses: readonly { readonly at: string; readonly event: string; readonly verdict: string; readonly summary: string; readonly checks: readonly RolloutCheckJson[] }[];
  /** Who decided how it ended, and why. */
  readonly decision: { readonly phase: string; readonly actor: string; readonly reason: string; readonly at: string } | null;
  readonly before: { readonly from: string; readonly to: string; readonly arms: readonly ArmStats[] };
  readonly after: { readonly from: string; readonly to: string; readonly arms: readonly ArmStats[] } | null;
}

function quantile95(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.floor(0.95 * values.length))];
}

/** Per (version, arm) statistics of [since, until) from the stored predictions and outcomes. */
async function armStats(store: Store, since: number, until: number): Promise<ArmStats[]> {
  const window = { since, until };
  const [counts, records, labelled] = await Promise.all([
    store.predictions.countByArm(window), store.predictions.listWindow(window, SAMPLE_LIMIT), store.feedback.listLabelled(window, SAMPLE_LIMIT),
  ]);
  return counts.map((c) => {
    const mine = records.filter((r) => r.modelVersion === c.modelVersion && r.arm === c.arm);
    const answered = mine.filter((r) => r.error === null);
    const labels = onePerPatient(labelled.filter((l) => l.modelVersion === c.modelVersion && l.arm === c.arm));
    const correct = labels.filter((l) => {
      const threshold = typeof l.output.threshold === 'number' ? l.output.threshold : 0.5;
      return (l.probability >= threshold ? 1 : 0) === l.outcome;
    }).length;
    return {
      version: c.modelVersion, arm: c.arm, requests: c.total, errorRate: c.total > 0 ? c.errors / c.total : null,
      p95Ms: quantile95(mine.map((r) => r.latencyMs)),
      meanRisk: answered.length > 0 ? answered.reduce((a, r) => a + r.probability, 0) / answered.length : null,
      accuracy: labels.length > 0 ? correct / labels.length : null, labelled: labels.length,
    };
  });
}

/**
 * Gathers a rollout's report from the store: its state and timeline, every analysis the
 * timeline recorded, who ended it and why, and serving statistics per arm for a window before
 * it started and one of the same length after it ended (`now` bounds the latter).
 */
export async function buildRolloutReport(store: Store, id: string, now: number): Promise<RolloutReport> {
  const record = await store.rollouts.get(id);
  if (!record) throw new RiskgateError('ROLLOUT_NOT_FOUND', { id });
  const { rollout, pending } = decodeRollout(record.state);
  const stored = await store.rollouts.listEvents(id);
  const view = viewRollout(rollout, { revision: record.revision, pending: pending.length, events: stored });
  const events = stored.map(presentRolloutEvent);
  const analyses: { at: string; event: string; verdict: string; summary: string; checks: readonly RolloutCheckJson[] }[] = events.flatMap((e) => {
    const verdict = e.data.verdict as { status: string; summary: string; checks: RolloutCheckJson[] } | undefined;
    return verdict ? [{ at: e.at, event: e.type, verdict: verdict.status, summary: verdict.summary, checks: verdict.checks }] : [];
  });
  const json = presentRollout(view);
  if (json.analysis && !analyses.some((a) => a.at === json.analysis?.at)) {
    analyses.push({ at: json.analysis.at, event: 'latest', verdict: json.analysis.verdict, summary: json.analysis.summary, checks: json.analysis.checks });
  }
  const endedAt = rollout.outcome?.at ?? null;
  const span = Math.min(MAX_COMPARE_MS, Math.max(MIN_COMPARE_MS, (endedAt ?? now) - rollout.createdAt));
  const iso = (ms: number) => new Date(ms).toISOString();
  const before = { from: iso(rollout.createdAt - span), to: iso(rollout.createdAt), arms: await armStats(store, rollout.createdAt - span, rollout.createdAt) };
  const afterEnd = endedAt === null ? null : Math.min(now, endedAt + span);
  const after = endedAt === null || afterEnd === null ? null : { from: iso(endedAt), to: iso(afterEnd), arms: await armStats(store, endedAt, afterEnd) };
  const decision = rollout.outcome ? { phase: rollout.phase, actor: rollout.outcome.actor, reason: rollout.outcome.reason, at: iso(rollout.outcome.at) } : null;
  return { rollout: json, events, analyses, decision, before, after };
}

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

function statsRows(arms: readonly ArmStats[]): string[][] {
  return arms.map((a) => [a.version, a.arm, String(a.requests), percent(a.errorRate), a.p95Ms === null ? '—' : `${a.p95Ms.toFixed(2)} ms`, formatValue(a.meanRisk), a.labelled > 0 ? `${percent(a.accuracy)} (${a.labelled})` : '—']);
}
const STATS_HEADER = ['version', 'arm', 'requests', 'errors', 'p95 latency', 'mean risk', 'accuracy (labelled)'];

/** Markdown: headings, a timeline list, one table of checks per analysis, before/after tables. */
export function formatReportMarkdown(r: RolloutReport): string {
  const o = r.rollout;
  const table = (header: string[], rows: string[][]) => [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
  const parts = [
    `# Rollout report: ${o.candidate} (${o.strategy}) in ${o.env}`,
    `- Rollout: \`${o.id}\`\n- Candidate: ${o.candidate}; stable: ${o.stable}\n- Started: ${o.created_at} by ${o.created_by}\n- Phase: **${o.phase}**\n- Traffic now: ${formatTraffic(o)}`,
    '## Decision',
    r.decision ? `**${r.decision.phase}** at ${r.decision.at} by ${r.decision.actor}: ${r.decision.reason}` : 'Still running: no decision yet.',
    '## Timeline',
    r.events.map((e) => `- ${e.at} — **${e.type}** (${e.actor}): ${e.message}`).join('\n'),
    '## Analyses',
    ...(r.analyses.length === 0 ? ['No analysis was recorded.'] : r.analyses.flatMap((a) => [
      `### ${a.at} (${a.event}): ${a.verdict} — ${a.summary}`,
      table(['check', 'status', 'result', 'numbers'], a.checks.map((c) => [c.name, c.status, c.sentence, formatNumbers(c.numbers)])),
    ])),
    '## Metrics before and after',
    `### Before: ${r.before.from} → ${r.before.to}`,
    r.before.arms.length ? table(STATS_HEADER, statsRows(r.before.arms)) : 'No predictions in this window.',
    r.after ? `### After: ${r.after.from} → ${r.after.to}` : '### After: the rollout has not ended.',
    r.after ? (r.after.arms.length ? table(STATS_HEADER, statsRows(r.after.arms)) : 'No predictions in this window.') : '',
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained HTML page with the same content as the Markdown report. */
export function formatReportHtml(r: RolloutReport): string {
  const o = r.rollout;
  const table = (header: string[], rows: string[][]) =>
    `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const body = [
    `<h1>Rollout report: ${escapeHtml(o.candidate)} (${escapeHtml(o.strategy)}) in ${escapeHtml(o.env)}</h1>`,
    `<ul><li>Rollout: <code>${escapeHtml(o.id)}</code></li><li>Candidate: ${escapeHtml(o.candidate)}; stable: ${escapeHtml(o.stable)}</li><li>Started: ${escapeHtml(o.created_at)} by ${escapeHtml(o.created_by)}</li><li>Phase: <strong>${escapeHtml(o.phase)}</strong></li></ul>`,
    '<h2>Decision</h2>',
    `<p>${r.decision ? `<strong>${escapeHtml(r.decision.phase)}</strong> at ${escapeHtml(r.decision.at)} by ${escapeHtml(r.decision.actor)}: ${escapeHtml(r.decision.reason)}` : 'Still running: no decision yet.'}</p>`,
    '<h2>Timeline</h2>',
    `<ol>${r.events.map((e) => `<li>${escapeHtml(e.at)} — <strong>${escapeHtml(e.type)}</strong> (${escapeHtml(e.actor)}): ${escapeHtml(e.message)}</li>`).join('')}</ol>`,
    '<h2>Analyses</h2>',
    ...(r.analyses.length === 0 ? ['<p>No analysis was recorded.</p>'] : r.analyses.map((a) => `<h3>${escapeHtml(a.at)} (${escapeHtml(a.event)}): ${escapeHtml(a.verdict)} — ${escapeHtml(a.summary)}</h3>${table(['check', 'status', 'result', 'numbers'], a.checks.map((c) => [c.name, c.status, c.sentence, formatNumbers(c.numbers)]))}`)),
    '<h2>Metrics before and after</h2>',
    `<h3>Before: ${escapeHtml(r.before.from)} → ${escapeHtml(r.before.to)}</h3>`,
    r.before.arms.length ? table(STATS_HEADER, statsRows(r.before.arms)) : '<p>No predictions in this window.</p>',
    r.after ? `<h3>After: ${escapeHtml(r.after.from)} → ${escapeHtml(r.after.to)}</h3>${r.after.arms.length ? table(STATS_HEADER, statsRows(r.after.arms)) : '<p>No predictions in this window.</p>'}` : '<h3>After: the rollout has not ended.</h3>',
  ];
  const style = 'body{font:14px system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Rollout ${escapeHtml(o.id)}</title><style>${style}</style></head><body>${body.join('\n')}</body></html>\n`;
}
