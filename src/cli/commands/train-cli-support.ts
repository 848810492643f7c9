import { InvalidArgumentError } from 'commander';
import { METRIC_NAMES, type MetricSummaries, type Metrics } from '../../train/index.js';

/** Output formats of train, cv and evaluate. */
export const REPORT_FORMATS = ['text', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Commander parser of a non-negative integer option. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** Commander parser of a probability option (0…1). */
export function parseProbability(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

/** Commander collector of repeated `--param key=value` options into an object (numbers and booleans parsed). */
export function collectParam(pair: string, into: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value, e.g. --param maxDepth=3');
  const raw = pair.slice(eq + 1).trim();
  const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...into, [pair.slice(0, eq).trim()]: value };
}

/** A progress bar on stderr when it is a terminal; a silent no-op when output is piped. */
export async function startProgress(label: string, total: number): Promise<{ update(done: number): void; stop(): void }> {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total}`, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** Text table of metrics: one line per metric, with one column per named set. */
export function formatMetricsTable(sets: Readonly<Record<string, Metrics>>): string {
  const names = Object.keys(sets);
  const lines = [['metric', ...names].map((h, i) => (i === 0 ? h.padEnd(22) : h.padStart(12))).join('')];
  for (const m of METRIC_NAMES) lines.push(m.padEnd(22) + names.map((s) => fmt(sets[s][m]).padStart(12)).join(''));
  return `${lines.join('\n')}\n`;
}

/** Text table of cross-validated metrics: mean and sample sd per metric. */
export function formatSummaryTable(summary: MetricSummaries): string {
  const lines = [`${'metric'.padEnd(22)}${'mean'.padStart(12)}${'sd'.padStart(12)}`];
  for (const m of METRIC_NAMES) lines.push(m.padEnd(22) + fmt(summary[m].mean).padStart(12) + fmt(summary[m].sd).padStart(12));
  return `${lines.join('\n')}\n`;
}

/** JSON text (NaN and undefined metrics become null), newline-terminated. */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
