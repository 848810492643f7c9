import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colours with at least 4.5:1 contrast on white, one per arm. */
export const ARM_COLOURS = ['#1f5fa8', '#b3401f', '#2d7a3a', '#6b3fa0'];

/**
 * A live time-series chart: one line per series, the last `capacity` points kept. Call
 * `push(t, values)` with one value per series (null for a gap).
 */
export class LiveChart {
  readonly #plot: uPlot;
  readonly #data: (number | null)[][];
  readonly #capacity: number;

  constructor(host: HTMLElement, title: string, series: readonly string[], capacity = 150) {
    this.#capacity = capacity;
    this.#data = [[], ...series.map(() => [])];
    this.#plot = new uPlot(
      {
        title,
        width: Math.max(280, host.clientWidth || 420),
        height: 180,
        series: [{}, ...series.map((label, i) => ({ label, stroke: ARM_COLOURS[i % ARM_COLOURS.length], width: 2, spanGaps: true }))],
        axes: [{}, { size: 56 }],
        scales: { x: { time: true } },
      },
      this.#data as uPlot.AlignedData,
      host,
    );
  }

  /** Appends one sample (t in seconds since the epoch). */
  push(t: number, values: readonly (number | null)[]): void {
    this.#data[0].push(t);
    values.forEach((v, i) => this.#data[i + 1]?.push(v));
    if (this.#data[0].length > this.#capacity) for (const s of this.#data) s.shift();
    this.#plot.setData(this.#data as uPlot.AlignedData);
  }

  /** Frees the chart. */
  destroy(): void {
    this.#plot.destroy();
  }
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A waterfall of SHAP contributions: from the base value, each feature's push up (red, more
 * risk) or down (blue, less risk), ending at the patient's raw score.
 */
export function waterfall(base: number, items: readonly { label: string; contribution: number }[], space: string): SVGSVGElement {
  const rowH = 22;
  const width = 560;
  const left = 190;
  const right = 70;
  const rows = [...items];
  const height = (rows.length + 2) * rowH + 30;
  let lo = base;
  let hi = base;
  let acc = base;
  for (const r of rows) {
    acc += r.contribution;
    lo = Math.min(lo, acc);
    hi = Math.max(hi, acc);
  }
  const pad = (hi - lo) * 0.05 || 0.5;
  lo -= pad;
  hi += pad;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (width - left - right);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': `Contributions to the score in ${space}` }) as SVGSVGElement;
  svg.append(el('title', {}, `Waterfall of feature contributions (${space})`));
  let y = 10;
  svg.append(el('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', 'font-size': 12 }, 'base value'));
  svg.append(el('line', { x1: x(base), x2: x(base), y1: y, y2: height - 20, stroke: '#666', 'stroke-dasharray': '3 3' }));
  svg.append(el('text', { x: x(base) + 4, y: y + 15, 'font-size': 12 }, base.toFixed(3)));
  y += rowH;
  acc = base;
  for (const r of rows) {
    const from = acc;
    acc += r.contribution;
    const up = r.contribution >= 0;
    svg.append(el('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', 'font-size': 12 }, r.label));
    svg.append(el('rect', { x: Math.min(x(from), x(acc)), y: y + 3, width: Math.max(1, Math.abs(x(acc) - x(from))), height: rowH - 6, fill: up ? '#b3261e' : '#1f5fa8' }));
    svg.append(el('text', { x: Math.max(x(from), x(acc)) + 4, y: y + 15, 'font-size': 11 }, `${up ? '+' : ''}${r.contribution.toFixed(3)}`));
    y += rowH;
  }
  svg.append(el('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', 'font-size': 12, 'font-weight': 'bold' }, 'score'));
  svg.append(el('text', { x: x(acc) + 4, y: y + 15, 'font-size': 12, 'font-weight': 'bold' }, acc.toFixed(3)));
  svg.append(el('line', { x1: x(acc), x2: x(acc), y1: y + 2, y2: y + rowH - 2, stroke: '#000', 'stroke-width': 2 }));
  return svg;
}
