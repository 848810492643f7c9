import { html, render } from 'lit-html';
import { api, ApiError, hasRole } from '../api.js';
import type { RolloutEventView, RolloutView } from '../types.js';
import type { PageContext } from '../main.js';
import { checksTable, trafficSplit } from './overview.js';
import { badge, confirmWithReason, when } from './ui.js';

/** How often an open rollout page refreshes. */
const POLL_MS = 2000;

/** Phases in which a rollout still moves and can be acted on. */
const ACTIVE_PHASES = new Set(['pending', 'progressing', 'paused', 'preview', 'shadowing', 'analysing', 'baking', 'switched']);

interface RolloutDetail { readonly rollout: RolloutView; readonly events: readonly RolloutEventView[] }

async function act(id: string, action: string, label: string, status: HTMLElement): Promise<void> {
  const reason = await confirmWithReason(`${label} rollout ${id}?`, `This will ${action} the rollout now.`);
  if (reason === null) return;
  try {
    await api('POST', `/api/v1/rollouts/${encodeURIComponent(id)}/${action}`, { reason });
    status.textContent = `${label} done.`;
  } catch (e) {
    status.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
  }

}

async function rollback(status: HTMLElement): Promise<void> {
  const reason = await confirmWithReason('Roll production back?', 'Production moves back to the previous version at once.');
  if (reason === null) return;
  try {
    await api('POST', '/api/v1/rollback', { reason });
    status.textContent = 'Rolled back.';
  } catch (e) {
    status.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
  }
}

function startForm(ctx: PageContext, status: HTMLElement) {
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const f = new FormData(ev.target as HTMLFormElement);
    const steps = String(f.get('steps') ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n) && n > 0);
    try {
      const res = await api<{ rollout: RolloutView }>('POST', '/api/v1/rollouts', {
        version: f.get('version'),
        strategy: f.get('strategy'),
        steps: steps.length ? steps : undefined,
        bake: String(f.get('bake') || '') || undefined,
        reason: String(f.get('reason') || '') || undefined,
      });
      ctx.navigate(`#/rollouts/${encodeURIComponent(res.rollout.id)}`);
    } catch (e) {
      status.textContent = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e);
    }
  };
  return html`<form @submit=${submit} aria-labelledby="start-h">
    <h2 id="start-h">Start a rollout</h2>
    <div class="form-grid">
      <div><label for="ro-version">Version</label><input id="ro-version" name="version" required placeholder="model-v1.1.0-…" /></div>
      <div><label for="ro-strategy">Strategy</label>
        <select id="ro-strategy" name="strategy"><option>canary</option><option>shadow</option><option>blue-green</option></select></div>
      <div><label for="ro-steps">Steps (%) <span class="hint">canary only</span></label><input id="ro-steps" name="steps" value="5,25,50,100" /></div>
      <div><label for="ro-bake">Bake per step <span class="hint">e.g. 30s, 10m</span></label><input id="ro-bake" name="bake" placeholder="default" /></div>
    </div>
    <label for="ro-reason">Reason</label><input id="ro-reason" name="reason" />
    <div class="actions"><button type="submit">Start</button></div>
  </form>`;
}

/** Rollouts: the list, one rollout's timeline and analysis, and the actions its role allows. */
export async function renderRollout(ctx: PageContext): Promise<() => void> {
  const id = ctx.params[0];
  const canDeploy = hasRole(ctx.me.role, 'deployer');
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  const refresh = async () => {
    if (!id) {
      const { items: rollouts } = await api<{ items: RolloutView[] }>('GET', '/api/v1/rollouts');
      render(
        html`<h1>Rollouts</h1>
          ${canDeploy ? html`<section class="card">${startForm(ctx, status)}</section>` : ''}
          <section class="card"><h2>All rollouts</h2>
          ${rollouts.length === 0 ? html`<p>None yet.</p>` : html`<table><thead><tr><th scope="col">Rollout</th><th scope="col">Strategy</th><th scope="col">Candidate</th><th scope="col">Phase</th><th scope="col">Started</th></tr></thead>
          <tbody>${rollouts.map((r) => html`<tr><td><a href="#/rollouts/${encodeURIComponent(r.id)}">${r.id}</a></td><td>${r.strategy}</td><td>${r.candidate}</td><td>${badge(r.phase)}</td><td>${when(r.created_at)}</td></tr>`)}</tbody></table>`}
          ${canDeploy ? html`<div class="actions"><button class="danger" @click=${() => rollback(status)}>Rollback production</button></div>` : ''}
          </section>`,
        ctx.root,
      );
      ctx.root.append(status);
      return;
    }
    const { rollout: r, events } = await api<RolloutDetail>('GET', `/api/v1/rollouts/${encodeURIComponent(id)}`);
    const active = ACTIVE_PHASES.has(r.phase);
    render(
      html`<h1>Rollout ${r.id}</h1>
        <section class="card"><p>${r.strategy} of <strong>${r.candidate}</strong> against ${r.stable} in ${r.env} — ${badge(r.phase)}
          ${r.steps.length ? html`step ${r.step_index + 1} of ${r.steps.length} (${r.steps.join(', ')} %)` : ''}</p>
          ${trafficSplit(r)}
          ${canDeploy
            ? html`<div class="actions">
                <button ?disabled=${!active} @click=${() => act(r.id, 'promote', 'Promote', status)}>Promote</button>
                <button class="secondary" ?disabled=${!active || r.phase === 'paused'} @click=${() => act(r.id, 'pause', 'Pause', status)}>Pause</button>
                <button class="secondary" ?disabled=${r.phase !== 'paused'} @click=${() => act(r.id, 'resume', 'Resume', status)}>Resume</button>
                <button class="danger" ?disabled=${!active} @click=${() => act(r.id, 'abort', 'Abort', status)}>Abort</button>
                <button class="danger" @click=${() => rollback(status)}>Rollback production</button>
              </div>`
            : html`<p class="muted">Your role (${ctx.me.role}) can watch but not change rollouts.</p>`}
        </section>
        <section class="card" aria-labelledby="an-h"><h2 id="an-h">Latest analysis</h2>${checksTable(r)}</section>
        <section class="card" aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>
          <ol class="timeline">${events.map((e) => html`<li><span class="muted">${when(e.at)}</span> <strong>${e.type}</strong> ${e.message}${e.actor ? html` <span class="muted">— ${e.actor}</span>` : ''}</li>`)}</ol>
        </section>`,
      ctx.root,
    );
    ctx.root.append(status);
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), POLL_MS);
  return () => clearInterval(timer);
}
