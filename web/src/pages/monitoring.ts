import { html, render } from 'lit-html';
import { api } from '../api.js';
import type { PageContext } from '../main.js';
import { badge, num, pct, when } from './ui.js';

interface FeatureDrift { readonly feature: string; readonly psi: number | null; readonly pValue?: number | null; readonly test?: string; readonly missingRate?: number; readonly verdict: string }
interface DriftView { readonly version?: string; readonly n?: number; readonly verdict?: string; readonly features: readonly FeatureDrift[]; readonly prediction?: FeatureDrift }
interface Interval { readonly value: number | null; readonly lo?: number | null; readonly hi?: number | null }
interface Bucket { readonly start: string; readonly n: number; readonly auc?: Interval; readonly accuracy?: Interval; readonly sensitivity?: Interval; readonly brier?: number | null }
interface PerformanceView { readonly versions: readonly { readonly version: string; readonly buckets: readonly Bucket[] }[] }

function ci(i: Interval | undefined, f: (v: number | null | undefined) => string) {
  if (!i) return '—';
  return i.lo === undefined || i.lo === null ? f(i.value) : `${f(i.value)} (${f(i.lo)}–${f(i.hi)})`;
}

/** Drift per feature of live inputs against the training profile, and realized performance. */
export async function renderMonitoring(ctx: PageContext): Promise<void> {
  const [drift, perf] = await Promise.all([
    api<DriftView>('GET', '/api/v1/monitoring/drift'),
    api<PerformanceView>('GET', '/api/v1/monitoring/performance'),
  ]);
  render(
    html`<h1>Drift and outcomes</h1>
      <section class="card"><h2>Input drift${drift.version ? ` — ${drift.version}` : ''}</h2>
        <p>${drift.verdict ? badge(drift.verdict) : ''} ${drift.n !== undefined ? html`<span class="muted">${drift.n} predictions in the window</span>` : ''}</p>
        <table><thead><tr><th scope="col">Feature</th><th scope="col">PSI</th><th scope="col">Test p-value</th><th scope="col">Missing</th><th scope="col">Verdict</th></tr></thead>
        <tbody>${[...drift.features, ...(drift.prediction ? [drift.prediction] : [])].map((f) => html`<tr><td>${f.feature}</td><td>${num(f.psi)}</td><td>${num(f.pValue ?? null, 4)}${f.test ? html` <span class="muted">(${f.test})</span>` : ''}</td><td>${pct(f.missingRate ?? null)}</td><td>${badge(f.verdict)}</td></tr>`)}</tbody></table>
      </section>
      <section class="card"><h2>Realized performance</h2>
        ${perf.versions.length === 0 ? html`<p class="muted">No outcomes fed back yet.</p>` : perf.versions.map((v) => html`<h3>${v.version}</h3>
          <table><thead><tr><th scope="col">From</th><th scope="col">Labelled</th><th scope="col">AUC (95 % CI)</th><th scope="col">Accuracy</th><th scope="col">Sensitivity</th><th scope="col">Brier</th></tr></thead>
          <tbody>${v.buckets.map((b) => html`<tr><td>${when(b.start)}</td><td>${b.n}</td><td>${ci(b.auc, (x) => num(x))}</td><td>${ci(b.accuracy, (x) => pct(x))}</td><td>${ci(b.sensitivity, (x) => pct(x))}</td><td>${num(b.brier ?? null)}</td></tr>`)}</tbody></table>`)}
      </section>`,
    ctx.root,
  );
}
