import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isRiskgateError } from '../errors.js';
import { Pseudonymizer } from './pseudonymizer.js';

describe('Pseudonymizer', () => {
  const secret = 'a-strong-secret-key-for-tests-0123456789';

  it('is HMAC-SHA256 of the id under SECRET_KEY, in hex, stable and unbound', () => {
    const { pseudonymize } = new Pseudonymizer(secret);
    expect(pseudonymize('patient-42')).toBe(createHmac('sha256', secret).update('patient-42').digest('hex'));
    expect(pseudonymize('patient-42')).toBe(new Pseudonymizer(secret).pseudonymize('patient-42'));
    expect(pseudonymize('patient-42')).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymize('patient-42')).not.toContain('42');
  });

  it('differs between ids and between keys', () => {
    const a = new Pseudonymizer(secret);
    const b = new Pseudonymizer(`${secret}-other`);
    expect(a.pseudonymize('1')).not.toBe(a.pseudonymize('2'));
    expect(a.pseudonymize('1')).not.toBe(b.pseudonymize('1'));
  });

  it('refuses a short key', () => {
    expect(() => new Pseudonymizer('short')).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    try {
      new Pseudonymizer('');
    } catch (e) {
      expect(isRiskgateError(e, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
