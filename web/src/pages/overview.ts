import { html, render } from 'lit-html';
import { api } from '../api.js';
import { ARM_COLOURS, LiveChart } from '../charts.js';
import type { AlertView, ArmLive, RolloutView } from '../types.js';
import type { PageContext } from '../main.js';
import { badge, when } from './ui.js';

interface VersionItem { readonly version: string; readonly aliases: readonly string[] }

/** How often the overview polls the live statistics. */
const POLL_MS = 2000;

/** The split of traffic between the stable and canary arms, as a labelled bar. */
export function trafficSplit(r: RolloutView) {
  const canary = Math.round(r.canary_weight);
  return html`<div class="split" role="img" aria-label="Traffic: ${100 - canary} % stable ${r.stable}, ${canary} % canary ${r.candidate}">
    <span style="width:${100 - canary}%;background:${ARM_COLOURS[0]}">${100 - canary > 12 ? `stable ${100 - canary} %` : ''}</span>
    <span style="width:${canary}%;background:${ARM_COLOURS[1]}">${canary > 12 ? `canary ${canary} %` : ''}</span>
  </div>`;
}

/** The checks of a rollout's latest analysis as a table. */
export function checksTable(r: RolloutView) {
  if (!r.analysis) return html`<p class="muted">No analysis yet.</p>`;
  const failing = r.analysis.failures_in_a_row ?? 0;
  return html`<p>Verdict: ${badge(r.analysis.verdict)} <span class="muted">at ${when(r.analysis.at)}</span>${failing > 0 ? html` <strong>${failing} failing ${failing === 1 ? 'analysis' : 'analyses'} in a row</strong>` : ''}</p>
    <table><thead><tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">What it says</th></tr></thead>
    <tbody>${r.analysis.checks.map((c) => html`<tr><td>${c.name}</td><td>${badge(c.status)}</td><td>${c.sentence}</td></tr>`)}</tbody></table>`;
}

/** Overview: production version, the active rollout, live charts per arm, open alerts. */
export async function renderOverview(ctx: PageContext): Promise<() => void> {
  render(
    html`<h1>Overview</h1>
      <div class="grid">
        <section class="card" aria-labelledby="prod-h"><h2 id="prod-h">In production</h2><div id="prod">Loading…</div></section>
        <section class="card" aria-labelledby="alerts-h"><h2 id="alerts-h">Open alerts</h2><div id="alerts">Loading…</div></section>
      </div>
      <section class="card" aria-labelledby="ro-h"><h2 id="ro-h">Active rollout</h2><div id="rollout">Loading…</div></section>
      <section class="card" aria-labelledby="live-h"><h2 id="live-h">Live, per arm</h2>
        <div class="grid"><div id="c-rate"></div><div id="c-err"></div><div id="c-p95"></div><div id="c-risk"></div></div>
      </section>`,
    ctx.root,
  );
  const charts: LiveChart[] = [];
  let arms: string[] = [];
  const byId = (id: string) => ctx.root.querySelector(`#${id}`) as HTMLElement;

  const ensureCharts = (names: string[]) => {
    if (names.join() === arms.join()) return;
    charts.splice(0).forEach((c) => c.destroy());
    arms = names;
    for (const id of ['c-rate', 'c-err', 'c-p95', 'c-risk']) byId(id).innerHTML = '';
    charts.push(
      new LiveChart(byId('c-rate'), 'Requests per second', names),
      new LiveChart(byId('c-err'), 'Error rate (%)', names),
      new LiveChart(byId('c-p95'), 'p95 latency (ms)', names),
      new LiveChart(byId('c-risk'), 'Mean predicted risk', names),
    );
  };

  const refresh = async () => {
    const [models, rollouts, alerts, live] = await Promise.all([
      api<{ items: VersionItem[] }>('GET', '/api/v1/models').catch(() => null),
      api<{ items: RolloutView[] }>('GET', '/api/v1/rollouts?active=true').catch(() => ({ items: [] as RolloutView[] })),
      api<{ alerts: AlertView[] }>('GET', '/api/v1/alerts?state=firing').catch(() => ({ alerts: [] })),
      api<{ arms: ArmLive[] }>('GET', '/api/v1/monitoring/live').catch(() => ({ arms: [] })),
    ]);
    render(
      models
        ? html`<table><tbody>${['production', 'staging', 'candidate'].map((alias) => html`<tr><th scope="row">${alias}</th><td>${models.items.find((v) => v.aliases.includes(alias))?.version ?? '—'}</td></tr>`)}</tbody></table>
            <p class="muted">Environment: ${ctx.me.env}</p>`
        : html`<p class="muted">Registry not reachable.</p>`,
      byId('prod'),
    );
    render(
      alerts.alerts.length === 0
        ? html`<p>No open alerts.</p>`
        : html`<ul>${alerts.alerts.map((a) => html`<li>${badge(a.severity)} <strong>${a.rule}</strong>: ${a.message} <span class="muted">since ${when(a.started_at)}</span></li>`)}</ul>`,
      byId('alerts'),
    );
    const r = rollouts.items?.[0];
    render(
      r
        ? html`<p><a href="#/rollouts/${encodeURIComponent(r.id)}">${r.id}</a>: ${r.strategy} of <strong>${r.candidate}</strong> against ${r.stable} — ${badge(r.phase)}
              step ${r.step_index + 1} of ${r.steps.length || 1}</p>${trafficSplit(r)}${checksTable(r)}`
        : html`<p>No rollout under way.${ctx.me.role === 'deployer' || ctx.me.role === 'admin' ? html` <a href="#/rollouts">Start one</a>.` : ''}</p>`,
      byId('rollout'),
    );
    const names = live.arms.map((a) => `${a.arm} ${a.version}`);
    if (names.length) {
      ensureCharts(names);
      const t = Date.now() / 1000;
      charts[0].push(t, live.arms.map((a) => a.requests_per_s));
      charts[1].push(t, live.arms.map((a) => a.error_rate * 100));
      charts[2].push(t, live.arms.map((a) => a.p95_ms));
      charts[3].push(t, live.arms.map((a) => a.mean_risk));
    } else if (!arms.length) {
      byId('c-rate').textContent = 'No traffic in the window yet.';
    }
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
  return () => {
    clearInterval(timer);
    charts.forEach((c) => c.destroy());
  };
}
