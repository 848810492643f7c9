import { html, render } from 'lit-html';
import { api, ApiError, apiText, hasRole } from '../api.js';
import type { PageContext } from '../main.js';
import { badge, confirmWithReason, num, when } from './ui.js';

interface VersionView { readonly version: string; readonly algorithm?: string; readonly created_at: string; readonly aliases?: readonly string[]; readonly auc?: number | null }
interface VersionDetails extends VersionView { readonly gate_reports?: Readonly<Record<string, { readonly passed: boolean; readonly summary: string; readonly at: string }>> }
interface HistoryView { readonly alias: string; readonly from: string | null; readonly to: string | null; readonly actor: string; readonly at: string; readonly reason: string }
interface GateView { readonly gate: string; readonly status: string; readonly threshold: string; readonly sentence: string }
interface GateReport { readonly passed: boolean; readonly status: string; readonly summary: string; readonly gates: readonly GateView[] }

/** Models: versions with their aliases and history; for one version its gate report and card. */
export async function renderModels(ctx: PageContext): Promise<void> {
  const version = ctx.params[0];
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  if (!version) {
    const [{ items: versions }, { items: history }] = await Promise.all([
      api<{ items: VersionView[] }>('GET', '/api/v1/models'),
      api<{ items: HistoryView[] }>('GET', '/api/v1/models/history'),
    ]);
    render(
      html`<h1>Models</h1>
        <section class="card"><h2>Versions</h2><table><thead><tr><th scope="col">Version</th><th scope="col">Algorithm</th><th scope="col">AUC</th><th scope="col">Aliases</th><th scope="col">Created</th></tr></thead>
        <tbody>${versions.map((v) => html`<tr><td><a href="#/models/${encodeURIComponent(v.version)}">${v.version}</a></td><td>${v.algorithm ?? ''}</td><td>${num(v.auc ?? null)}</td><td>${(v.aliases ?? []).map((a) => html`${badge(a)} `)}</td><td>${when(v.created_at)}</td></tr>`)}</tbody></table></section>
        <section class="card"><h2>Alias history</h2><table><thead><tr><th scope="col">When</th><th scope="col">Alias</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Who</th><th scope="col">Why</th></tr></thead>
        <tbody>${history.map((h) => html`<tr><td>${when(h.at)}</td><td>${h.alias}</td><td>${h.from ?? '—'}</td><td>${h.to ?? '—'}</td><td>${h.actor}</td><td>${h.reason}</td></tr>`)}</tbody></table></section>`,
      ctx.root,
    );
    return;
  }
  const enc = encodeURIComponent(version);
  const canDeploy = hasRole(ctx.me.role, 'deployer');
  const promote = async (alias: string) => {
    const reason = await confirmWithReason(`Move ${alias} to ${version}?`, 'Strict environments require a passing gate report.');
    if (reason === null) return;
    try {
      await api('POST', `/api/v1/models/${enc}/promote`, { alias, reason });
      status.textContent = `${alias} now points to ${version}.`;
    } catch (e) {
      status.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  };
  const info = await api<VersionDetails>('GET', `/api/v1/models/${enc}`);
  const cardHtml = await apiText(`/api/v1/models/${enc}/card?format=html`).catch(() => null);
  let report: GateReport | ApiError | null = null;
  const runGates = async () => {
    report = await api<GateReport>('POST', `/api/v1/models/${enc}/validate`).catch((e: unknown) => (e instanceof ApiError ? e : null));
    draw();
  };
  const draw = () => render(
    html`<h1>${version}</h1>
      ${canDeploy
        ? html`<div class="actions"><button @click=${() => promote('staging')}>Promote to staging</button><button @click=${() => promote('production')}>Promote to production</button></div>`
        : ''}
      <section class="card"><h2>Gate reports</h2>
        <ul>${Object.entries(info.gate_reports ?? {}).map(([env, r]) => html`<li>${env}: ${badge(r.passed ? 'pass' : 'fail')} ${r.summary} <span class="muted">(${when(r.at)})</span></li>`)}</ul>
        ${canDeploy ? html`<div class="actions"><button class="secondary" @click=${runGates}>Run the gates now</button></div>` : ''}
        ${report instanceof ApiError
          ? html`<p class="error">${report.code}: ${report.message}</p>`
          : report
            ? html`<p>${badge((report as GateReport).status)} ${(report as GateReport).summary}</p>
                <table><thead><tr><th scope="col">Gate</th><th scope="col">Status</th><th scope="col">Rule</th><th scope="col">Finding</th></tr></thead>
                <tbody>${(report as GateReport).gates.map((g) => html`<tr><td>${g.gate}</td><td>${badge(g.status)}</td><td>${g.threshold}</td><td>${g.sentence}</td></tr>`)}</tbody></table>`
            : ''}
      </section>
      <section class="card"><h2>Model card</h2>
        ${cardHtml ? html`<iframe title="Model card of ${version}" sandbox="" srcdoc=${cardHtml}></iframe>` : html`<p class="muted">No card.</p>`}
      </section>`,
    ctx.root,
  );
  draw();
  ctx.root.append(status);
}
