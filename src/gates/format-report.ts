import { RiskgateError } from '../errors.js';
import { escapeXml } from '../registry/index.js';
import type { GateResult } from './gate-result.js';
import type { GateReport } from './run-gates.js';

/** Output formats of a gate report. */
export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const STATUS_MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;
const STATUS_COLOR = { pass: '#1e7e34', warn: '#b58105', fail: '#c0392b' } as const;

/** The measured value and its interval as text. */
function valueText(g: GateResult): string {
  if (g.display) return g.display;
  if (g.value === null) return '—';
  const v = Number.isInteger(g.value) ? String(g.value) : g.value.toFixed(4);
  return g.ci95 ? `${v} (95 % CI ${g.ci95[0].toFixed(3)}–${g.ci95[1].toFixed(3)})` : v;
}

/** Markdown report: a header, the verdict, a table of gates and one sentence per gate. */
function toMarkdown(r: GateReport): string {
  const lines = [
    `# Gate report: ${r.version} (${r.env})`, '',
    `**${r.passed ? 'PASSED' : 'FAILED'}** — ${r.summary}`, '',
    `- Validation set: ${r.validationSet ? `${r.validationSet.description} (${r.validationSet.n} patients, ${r.validationSet.positives} with disease)` : 'none'}`,
    `- Compared with production: ${r.production ?? 'none'}`,
    `- Made at: ${r.createdAt}`, '',
    '| Gate | Status | Value | Threshold |', '| --- | --- | --- | --- |',
    ...r.gates.map((g) => `| ${g.gate} | ${STATUS_MARK[g.status]} | ${valueText(g)} | ${g.threshold.replace(/\|/g, '\\|')} |`),
    '',
    ...r.gates.map((g) => `- **${g.gate}** (${STATUS_MARK[g.status]}): ${g.sentence}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** A self-contained HTML page of the report. */
function toHtml(r: GateReport): string {
  const e = escapeXml;
  const rows = r.gates.map((g) => `<tr><td>${e(g.gate)}</td><td style="color:${STATUS_COLOR[g.status]};font-weight:bold">${STATUS_MARK[g.status]}</td><td>${e(valueText(g))}</td><td>${e(g.threshold)}</td><td>${e(g.sentence)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gate report ${e(r.version)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;vertical-align:top;text-align:left}th{background:#f4f4f4}</style></head><body>
<h1>Gate report: ${e(r.version)} (${e(r.env)})</h1>
<p style="font-size:1.2em;color:${STATUS_COLOR[r.status]}"><strong>${r.passed ? 'PASSED' : 'FAILED'}</strong> — ${e(r.summary)}</p>
<p>Validation set: ${e(r.validationSet ? `${r.validationSet.description} (${r.validationSet.n} patients, ${r.validationSet.positives} with disease)` : 'none')}<br>Compared with production: ${e(r.production ?? 'none')}<br>Made at: ${e(r.createdAt)}</p>
<table><thead><tr><th>Gate</th><th>Status</th><th>Value</th><th>Threshold</th><th>What it means</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

/** Renders a gate report as JSON, Markdown or HTML. BAD_REQUEST for another format. */
export function formatReport(report: GateReport, format: string): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'md') return toMarkdown(report);
  if (format === 'html') return toHtml(report);
  throw new RiskgateError('BAD_REQUEST', { reason: `unknown report format "${format}"; use ${REPORT_FORMATS.join(', ')}` });
}
