/**
 * Small SVG charts for model cards, drawn as strings on the server (no browser, no canvas):
 * a line chart on the unit square (ROC curve, calibration plot) and horizontal bars
 * (subgroup metrics, feature importance). Every text is XML-escaped.
 */

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** One series of a unit-square chart. */
export interface UnitSeries {
  readonly label: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Draw markers at the points (calibration bins) rather than only a line. */
  readonly markers?: boolean;
  readonly color: string;
}

const SIZE = 320;
const PAD = 44;
const PLOT = SIZE - 2 * PAD;

const fmt = (v: number): string => (Math.round(v * 10) / 10).toString();
const px = (x: number): number => PAD + Math.min(Math.max(x, 0), 1) * PLOT;
const py = (y: number): number => SIZE - PAD - Math.min(Math.max(y, 0), 1) * PLOT;

/**
 * A square chart over [0, 1] × [0, 1] with a dashed diagonal (chance for ROC, perfect
 * calibration for calibration plots), axis labels and a legend.
 */
export function unitSquareSvg(title: string, xLabel: string, yLabel: string, series: readonly UnitSeries[]): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="${PAD}" y="${PAD}" width="${PLOT}" height="${PLOT}" fill="#fff" stroke="#888"/>`,
  ];
  for (const t of ticks) {
    parts.push(`<line x1="${fmt(px(t))}" y1="${fmt(py(0))}" x2="${fmt(px(t))}" y2="${fmt(py(1))}" stroke="#eee"/>`);
    parts.push(`<line x1="${fmt(px(0))}" y1="${fmt(py(t))}" x2="${fmt(px(1))}" y2="${fmt(py(t))}" stroke="#eee"/>`);
    parts.push(`<text x="${fmt(px(t))}" y="${SIZE - PAD + 14}" text-anchor="middle">${t}</text>`);
    parts.push(`<text x="${PAD - 6}" y="${fmt(py(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  parts.push(`<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#999" stroke-dasharray="4 4"/>`);
  parts.push(`<text x="${SIZE / 2}" y="${PAD - 16}" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(title)}</text>`);
  parts.push(`<text x="${SIZE / 2}" y="${SIZE - 8}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text transform="translate(12 ${SIZE / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  series.forEach((s, k) => {
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(px(p.x))} ${fmt(py(p.y))}`).join(' ');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    if (s.markers) for (const p of s.points) parts.push(`<circle cx="${fmt(px(p.x))}" cy="${fmt(py(p.y))}" r="3.5" fill="${s.color}"/>`);
    // Legends sit bottom-right, where neither a ROC curve nor a calibrated model draws.
    const ly = SIZE - PAD - 12 - (series.length - 1 - k) * 14;
    parts.push(`<rect x="${PAD + PLOT - 120}" y="${ly - 8}" width="10" height="10" fill="${s.color}"/>`);
    parts.push(`<text x="${PAD + PLOT - 106}" y="${ly + 1}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** One bar of a bar chart; `note` is printed after the value (e.g. "n = 42"). */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly note?: string;
  readonly color?: string;
}

const BAR_H = 18;
const LABEL_W = 150;
const BAR_W = 260;

/** Horizontal bars scaled to `max` (default: the largest value), one row per bar. */
export function barChartSvg(title: string, bars: readonly Bar[], options: { readonly max?: number; readonly digits?: number } = {}): string {
  const max = options.max ?? Math.max(1e-12, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const digits = options.digits ?? 3;
  const width = LABEL_W + BAR_W + 140;
  const height = 30 + bars.length * (BAR_H + 6) + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="4" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = 28 + i * (BAR_H + 6);
    const ok = Number.isFinite(b.value);
    const w = ok ? Math.max(0, Math.min(1, b.value / max)) * BAR_W : 0;
    parts.push(`<text x="${LABEL_W - 6}" y="${y + 13}" text-anchor="end">${escapeXml(b.label)}</text>`);
    parts.push(`<rect x="${LABEL_W}" y="${y}" width="${fmt(w)}" height="${BAR_H}" fill="${b.color ?? '#3b6ea5'}"/>`);
    const text = `${ok ? b.value.toFixed(digits) : 'n/a'}${b.note ? `  (${b.note})` : ''}`;
    parts.push(`<text x="${fmt(LABEL_W + w + 6)}" y="${y + 13}">${escapeXml(text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
