import { html, render } from 'lit-html';
import { api, ApiError, storedKey, storeKey } from './api.js';
import type { Whoami } from './types.js';
import { renderOverview } from './pages/overview.js';
import { renderRollout } from './pages/rollout.js';
import { renderModels } from './pages/models.js';
import { renderPredict } from './pages/predict.js';
import { renderMonitoring } from './pages/monitoring.js';
import './style.css';

/** What every page receives: where to draw, who is signed in, and how to move. */
export interface PageContext {
  readonly root: HTMLElement;
  readonly me: Whoami;
  readonly params: readonly string[];
  navigate(hash: string): void;
}

/** A page draws itself and returns a cleanup (stops its timers) or nothing. */
export type Page = (ctx: PageContext) => Promise<(() => void) | void>;

const PAGES: Record<string, { title: string; page: Page; nav: boolean }> = {
  overview: { title: 'Overview', page: renderOverview, nav: true },
  rollouts: { title: 'Rollout', page: renderRollout, nav: true },
  models: { title: 'Models', page: renderModels, nav: true },
  predict: { title: 'Predict', page: renderPredict, nav: true },
  monitoring: { title: 'Drift & outcomes', page: renderMonitoring, nav: true },
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
let cleanup: (() => void) | void;
let me: Whoami | null = null;

function currentRoute(): { name: string; params: string[] } {
  const [name = 'overview', ...params] = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { name: name in PAGES ? name : 'overview', params: params.map(decodeURIComponent) };
}

function drawChrome(): void {
  const { name } = currentRoute();
  render(
    me
      ? html`${Object.entries(PAGES).filter(([, p]) => p.nav).map(([k, p]) => html`<a href="#/${k}" aria-current=${k === name ? 'page' : 'false'}>${p.title}</a>`)}`
      : html``,
    nav,
  );
  render(
    me
      ? html`<span>${me.name} · <strong>${me.role}</strong> · ${me.env}</span>
          <button class="link" @click=${signOut}>Sign out</button>`
      : html``,
    who,
  );
}

function signOut(): void {
  storeKey(null);
  me = null;
  void route();
}

async function signIn(ev: Event): Promise<void> {
  ev.preventDefault();
  const form = ev.target as HTMLFormElement;
  const key = (new FormData(form).get('key') as string).trim();
  storeKey(key);
  await route();
}

function drawLogin(message?: string): void {
  render(
    html`<section class="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      <p>Paste an API key (<code>rg_live_…</code>). Its role decides what this page offers.</p>
      <form @submit=${signIn}>
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button type="submit">Sign in</button>
      </form>
      ${message ? html`<p role="alert" class="error">${message}</p>` : ''}
    </section>`,
    main,
  );
}

async function route(): Promise<void> {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  if (!storedKey()) {
    me = null;
    drawChrome();
    drawLogin();
    return;
  }
  if (!me) {
    try {
      me = await api<Whoami>('GET', '/api/v1/whoami');
    } catch (e) {
      storeKey(null);
      drawChrome();
      drawLogin(e instanceof ApiError ? e.message : String(e));
      return;
    }
  }
  drawChrome();
  const { name, params } = currentRoute();
  document.title = `${PAGES[name].title} · riskgate`;
  render(html``, main);
  try {
    cleanup = await PAGES[name].page({ root: main, me, params, navigate: (h) => (location.hash = h) });
  } catch (e) {
    render(html`<p role="alert" class="error">Could not load this page: ${e instanceof Error ? e.message : String(e)}</p>`, main);
  }
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', () => void route());
void route();
