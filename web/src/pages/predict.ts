import { html, render } from 'lit-html';
import { api, ApiError } from '../api.js';
import { waterfall } from '../charts.js';
import type { FeatureSpecView, PredictionView } from '../types.js';
import type { PageContext } from '../main.js';
import { pct } from './ui.js';

interface Problem { readonly field: string; readonly message: string }

/** A Cleveland patient, to show what a filled form looks like. */
const EXAMPLE: Record<string, number> = { age: 63, sex: 1, cp: 1, trestbps: 145, chol: 233, fbs: 1, restecg: 2, thalach: 150, exang: 0, oldpeak: 2.3, slope: 3, ca: 0, thal: 6 };

function input(f: FeatureSpecView, errors: Map<string, string>) {
  const id = `f-${f.name}`;
  const err = errors.get(f.name);
  const hint = [f.unit, f.range ? `${f.range.min}–${f.range.max}` : '', f.allowMissing ? 'optional' : 'required'].filter(Boolean).join(' · ');
  return html`<div>
    <label for=${id}>${f.description} <span class="hint">(${f.name}${hint ? `; ${hint}` : ''})</span></label>
    ${f.codes
      ? html`<select id=${id} name=${f.name} aria-invalid=${err ? 'true' : 'false'} aria-describedby="${id}-err">
          <option value="">${f.allowMissing ? 'not measured' : 'choose…'}</option>
          ${f.codes.map((c) => html`<option value=${String(c.value)} ?selected=${EXAMPLE[f.name] === c.value}>${c.value} — ${c.label}</option>`)}
        </select>`
      : html`<input id=${id} name=${f.name} type="number" step="any" inputmode="decimal" .value=${String(EXAMPLE[f.name] ?? '')}
          min=${f.range?.min ?? ''} max=${f.range?.max ?? ''} aria-invalid=${err ? 'true' : 'false'} aria-describedby="${id}-err" />`}
    <div class="field-error" id="${id}-err">${err ?? ''}</div>
  </div>`;
}

/** Predict: a form of the model's features, the risk, and a waterfall of its reasons. */
export async function renderPredict(ctx: PageContext): Promise<void> {
  const { signature } = await api<{ signature: { features: FeatureSpecView[] } }>('GET', '/api/v1/signature');
  let errors = new Map<string, string>();
  let result: PredictionView | null = null;
  let message = '';
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const data = new FormData(ev.target as HTMLFormElement);
    const features: Record<string, number | null> = {};
    for (const f of signature.features) {
      const raw = String(data.get(f.name) ?? '').trim();
      features[f.name] = raw === '' ? null : Number(raw);
    }
    try {
      result = await api<PredictionView>('POST', '/api/v1/predict', { patient_id: String(data.get('patient_id') || '') || undefined, features });
      errors = new Map();
      message = '';
    } catch (e) {
      result = null;
      const problems = (e instanceof ApiError ? (e.details as { problems?: Problem[] } | null)?.problems : undefined) ?? [];
      errors = new Map(problems.map((p) => [p.field, p.message]));
      message = e instanceof ApiError ? e.message : String(e);
    }
    draw();
  };
  const draw = () => {
    render(
      html`<h1>Predict</h1>
        <div class="grid">
          <section class="card"><form @submit=${submit} novalidate aria-labelledby="pf-h"><h2 id="pf-h">Patient</h2>
            <label for="patient_id">Patient id <span class="hint">(optional; stored pseudonymised)</span></label><input id="patient_id" name="patient_id" />
            <div class="form-grid">${signature.features.map((f) => input(f, errors))}</div>
            <div class="actions"><button type="submit">Predict</button></div>
            ${message ? html`<p role="alert" class="error">${message}</p>` : ''}
          </form></section>
          <section class="card" aria-live="polite" aria-labelledby="res-h"><h2 id="res-h">Risk</h2>
            ${result
              ? html`<p class="risk">${pct(result.risk.probability)}</p>
                  <p>Band <strong>${result.risk.band}</strong> (threshold ${pct(result.risk.threshold)}), model ${result.model.version}, ${result.latency_ms.toFixed(2)} ms</p>
                  <div id="waterfall"></div>`
              : html`<p class="muted">Fill in the form and press Predict.</p>`}
          </section>
        </div>`,
      ctx.root,
    );
    const host = ctx.root.querySelector('#waterfall');
    if (host && result?.explanation) {
      const ex = result.explanation;
      host.replaceChildren(waterfall(ex.base_value, ex.contributions.map((c) => ({ label: `${c.feature} = ${c.value ?? 'missing'}`, contribution: c.contribution })), ex.space));
    }
  };
  draw();
}
