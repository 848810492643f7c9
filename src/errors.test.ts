import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG, RiskgateError, isRiskgateError, type ErrorCode } from './errors.js';

const DOC = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const codes = Object.keys(ERROR_CATALOG) as ErrorCode[];

describe('the error catalog', () => {
  it('documents every code in docs/errors.md with its HTTP status', () => {
    for (const code of codes) {
      const row = DOC.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
      expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
      expect(row).toContain(`| ${ERROR_CATALOG[code].status} |`);
    }
    // …and lists no code the catalog does not have.
    const documented = [...DOC.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...codes].sort());
  });

  it('gives each code an error status, a message template and a description', () => {
    for (const code of codes) {
      const e = ERROR_CATALOG[code];
      expect(e.status >= 400 && e.status < 600, code).toBe(true);
      expect(e.message.length, code).toBeGreaterThan(0);
      expect(e.doc.length, code).toBeGreaterThan(0);
    }
  });

  it('fills message placeholders from details and keeps the cause', () => {
    const cause = new Error('disk full');
    const e = new RiskgateError('MODEL_NOT_FOUND', { version: 'model-v9.9.9-20260101-0000' }, { cause });
    expect(e.message).toBe('Model model-v9.9.9-20260101-0000 not found.');
    expect(e.status).toBe(404);
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toEqual({ error: { code: 'MODEL_NOT_FOUND', message: e.message, details: { version: 'model-v9.9.9-20260101-0000' } } });
    expect(isRiskgateError(e, 'MODEL_NOT_FOUND')).toBe(true);
    expect(isRiskgateError(e, 'NOT_FOUND')).toBe(false);
    expect(isRiskgateError(cause)).toBe(false);
    // An unfilled placeholder stays visible rather than printing "undefined".
    expect(new RiskgateError('FORBIDDEN', { required: 'admin' }).message).toBe('This action needs the admin role; the key has {actual}.');
  });
});
