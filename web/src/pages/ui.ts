import { html, type TemplateResult } from 'lit-html';

/** A coloured status badge; the word is always shown, so colour is never the only cue. */
export function badge(status: string): TemplateResult {
  return html`<span class="status ${status}">${status}</span>`;
}

/** Formats a fraction as a percentage. */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)} %`;
}

/** Formats a number, or a dash when absent. */
export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits);
}

/** Formats an ISO time for people. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/**
 * Asks for confirmation and a reason in a modal dialog (keyboard accessible: Escape cancels,
 * focus starts in the reason field). Resolves with the reason, or null when cancelled.
 */
export function confirmWithReason(title: string, body: string): Promise<string | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    dialog.innerHTML = `<form method="dialog">
      <h2 id="confirm-title"></h2><p class="confirm-body"></p>
      <label for="confirm-reason">Reason (recorded in the audit log)</label>
      <textarea id="confirm-reason" name="reason" rows="3" required></textarea>
      <div class="actions"><button type="submit" value="ok">Confirm</button>
      <button type="button" class="secondary" value="cancel">Cancel</button></div></form>`;
    (dialog.querySelector('#confirm-title') as HTMLElement).textContent = title;
    (dialog.querySelector('.confirm-body') as HTMLElement).textContent = body;
    const reason = dialog.querySelector('textarea') as HTMLTextAreaElement;
    const finish = (value: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.querySelector('form')?.addEventListener('submit', (e) => {
      e.preventDefault();
      if (reason.value.trim()) finish(reason.value.trim());
    });
    dialog.querySelector('button.secondary')?.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
    reason.focus();
  });
}
