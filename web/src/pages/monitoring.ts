import { html, render } from 'lit-html';
import { api } from '../api.js';
import type { PageContext } from '../main.js';
import type { DriftResponseView, EstimateView, FeatureDriftView, PerformancePointView, PerformanceView } from '../types.js';
import { num, pct, when } from './ui.js';

/** How the API's drift verdicts read on the page. */
const VERDICT_LABELS: Record<FeatureDriftView['verdict'], string> = { not_enough_data: 'not enough data', no_drift: 'ok', moderate: 'moderate', drift: 'drift' };
/** Status classes of the badges (style.css colours pass, warn, fail). */
const VERDICT_STATUS: Record<FeatureDriftView['verdict'], string> = { not_enough_data: 'not-yet', no_drift: 'pass', moderate: 'warn', drift: 'fail' };

const verdict = (v: FeatureDriftView['verdict']) => html`<span class="status ${VERDICT_STATUS[v]}">${VERDICT_LABELS[v]}</span>`;
const iso = (ms: number) => new Date(ms).toISOString();

function ci(e: EstimateView, f: (v: number | null) => string): string {
  return e.lower === null || e.upper === null ? f(e.value) : `${f(e.value)} (${f(e.lower)}–${f(e.upper)})`;
}

function featureRow(f: FeatureDriftView) {
  return html`<tr><td>${f.feature === '__risk__' ? 'predicted risk' : f.feature}</td><td>${num(f.psi)}</td>
    <td>${num(f.pValue, 4)}${f.test ? html` <span class="muted">(${f.test.name})</span>` : ''}</td>
    <td>${pct(f.missingRate.reference)} → ${pct(f.missingRate.live)}</td><td>${pct(f.outOfRangeRate)}</td><td>${verdict(f.verdict)}</td></tr>`;
}

function bucketRow(b: PerformancePointView) {
  return html`<tr><td>${when(iso(b.from))}</td><td>${b.n} <span class="muted">(${b.positives} positive)</span></td><td>${ci(b.auc, (x) => num(x))}</td>
    <td>${ci(b.accuracy, (x) => pct(x))}</td><td>${ci(b.sensitivity, (x) => pct(x))}</td><td>${ci(b.brier, (x) => num(x))}</td></tr>`;
}

/** Drift per feature of live inputs against the training profile, and realized performance. */
export async function renderMonitoring(ctx: PageContext): Promise<void> {
  const [drift, perf] = await Promise.all([
    api<DriftResponseView>('GET', '/api/v1/monitoring/drift'),
    api<PerformanceView>('GET', '/api/v1/monitoring/performance'),
  ]);
  render(
    html`<h1>Drift and outcomes</h1>
      ${drift.reports.length === 0 && !drift.unavailable?.length ? html`<section class="card"><h2>Input drift</h2><p class="muted">No predictions in the window yet.</p></section>` : ''}
      ${drift.reports.map((r) => html`<section class="card"><h2>Input drift — ${r.modelVersion ?? 'unknown'}${r.arm ? ` (${r.arm})` : ''}</h2>
        <p>${verdict(r.verdict)} <span class="muted">${r.n} predictions in the window, against ${r.referenceDataset}${r.verdict === 'not_enough_data' ? `; at least ${r.thresholds.minSample} are needed` : ''}</span></p>
        <table><thead><tr><th scope="col">Feature</th><th scope="col">PSI</th><th scope="col">Test p-value</th><th scope="col">Missing (training → live)</th><th scope="col">Out of range</th><th scope="col">Verdict</th></tr></thead>
        <tbody>${[...r.features, r.risk].map(featureRow)}</tbody></table>
      </section>`)}
      ${(drift.unavailable ?? []).map((u) => html`<section class="card"><h2>Input drift — ${u.modelVersion}${u.arm ? ` (${u.arm})` : ''}</h2>
        <p><span class="status not-yet">not compared</span> <span class="muted">${u.n} predictions: ${u.reason}</span></p></section>`)}
      <section class="card"><h2>Realized performance</h2>
        ${perf.versions.length === 0 ? html`<p class="muted">No outcomes fed back yet.</p>` : perf.versions.map((v) => html`<h3>${v.modelVersion}</h3>
          <p class="muted">${v.overall.n} labelled cases; AUC ${ci(v.overall.auc, (x) => num(x))}, accuracy ${ci(v.overall.accuracy, (x) => pct(x))} (${Math.round(perf.level * 100)} % intervals)</p>
          <table><thead><tr><th scope="col">From</th><th scope="col">Labelled</th><th scope="col">AUC</th><th scope="col">Accuracy</th><th scope="col">Sensitivity</th><th scope="col">Brier</th></tr></thead>
          <tbody>${v.buckets.map(bucketRow)}</tbody></table>`)}
      </section>`,
    ctx.root,
  );
}
