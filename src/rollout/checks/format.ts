/** A fraction as a percentage for sentences: 0.0123 → "1.2 %". */
export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)} %` : 'n/a';
}

/** Milliseconds for sentences: 12.345 → "12.3 ms". */
export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a';
}

/** A p-value or statistic for sentences, three significant digits. */
export function formatNumber(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : 'n/a';
}

/** null instead of NaN/Infinity so numbers survive JSON. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
