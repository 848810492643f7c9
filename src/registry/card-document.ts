import { escapeXml } from './svg-charts.js';

/** A block of a model card, rendered the same way into Markdown and HTML. */
export type CardBlock =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] }
  /** A picture: inline SVG in HTML; in Markdown only its caption (Markdown stays text). */
  | { readonly kind: 'figure'; readonly svg: string; readonly caption: string };

/** One titled section of a card. */
export interface CardSection {
  readonly title: string;
  readonly blocks: readonly CardBlock[];
}

/** A whole card: title, subtitle and sections in Mitchell et al.'s order. */
export interface CardDocument {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly CardSection[];
}

/** Escapes `|` and newlines in a Markdown table cell. */
const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Renders a card as Markdown (card.md). */
export function renderCardMarkdown(doc: CardDocument): string {
  const out: string[] = [`# ${doc.title}`, '', doc.subtitle, ''];
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      if (b.kind === 'p') out.push(b.text, '');
      else if (b.kind === 'list') out.push(...b.items.map((i) => `- ${i}`), '');
      else if (b.kind === 'table') {
        out.push(`| ${b.head.map(mdCell).join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`);
        for (const r of b.rows) out.push(`| ${r.map(mdCell).join(' | ')} |`);
        out.push('');
      } else out.push(`*Figure: ${b.caption} (drawn in the HTML card).*`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Inline style of the HTML card (self-contained: no external CSS, fonts, scripts or images). */
const CARD_CSS = `body{font-family:system-ui,sans-serif;max-width:920px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f4f4f4}
figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.85em;color:#555;max-width:420px}
.subtitle{color:#555}`;

/** Renders a card as one self-contained HTML page with inline SVG figures. */
export function renderCardHtml(doc: CardDocument): string {
  const e = escapeXml;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${e(doc.title)}</title>`,
    `<style>${CARD_CSS}</style></head><body>`,
    `<h1>${e(doc.title)}</h1>`,
    `<p class="subtitle">${e(doc.subtitle)}</p>`,
  ];
  for (const s of doc.sections) {
    out.push(`<section><h2>${e(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'p') out.push(`<p>${e(b.text)}</p>`);
      else if (b.kind === 'list') out.push(`<ul>${b.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`);
      else if (b.kind === 'table') {
        out.push(`<table><thead><tr>${b.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>`);
        for (const r of b.rows) out.push(`<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
      } else out.push(`<figure>${b.svg}<figcaption>${e(b.caption)}</figcaption></figure>`);
    }
    out.push('</section>');
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
}
