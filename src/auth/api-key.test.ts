import { describe, expect, it } from 'vitest';
import { apiKeyKind, apiKeyPrefix, digestsEqual, generateApiKey, hashApiKey } from './api-key.js';

describe('API key format', () => {
  it('makes live and test keys of 40 random base62 characters', () => {
    const live = generateApiKey(false);
    const test = generateApiKey(true);
    expect(live).toMatch(/^rg_live_[0-9A-Za-z]{40}$/);
    expect(test).toMatch(/^rg_test_[0-9A-Za-z]{40}$/);
    expect(apiKeyKind(live)).toBe('live');
    expect(apiKeyKind(test)).toBe('test');
    expect(new Set(Array.from({ length: 200 }, () => generateApiKey(false))).size).toBe(200);
  });

  it('uses every base62 character', () => {
    const chars = new Set(Array.from({ length: 100 }, () => generateApiKey(false).slice(8)).join(''));
    expect(chars.size).toBe(62);
  });

  it('rejects malformed keys', () => {
    for (const bad of ['', 'rg_live_', 'rg_prod_' + 'a'.repeat(40), 'rg_live_' + 'a'.repeat(39), 'rg_live_' + 'a'.repeat(39) + '-', ' rg_live_' + 'a'.repeat(40)]) {
      expect(apiKeyKind(bad)).toBeNull();
    }
  });

  it('hashes with SHA-256 and keeps only a short prefix for listings', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const key = generateApiKey(false);
    expect(apiKeyPrefix(key)).toBe(key.slice(0, 12));
  });

  it('compares digests in constant time and only equal ones match', () => {
    const h = hashApiKey('x');
    expect(digestsEqual(h, hashApiKey('x'))).toBe(true);
    expect(digestsEqual(h, hashApiKey('y'))).toBe(false);
    expect(digestsEqual(h, h.slice(0, 10))).toBe(false);
    expect(digestsEqual('', '')).toBe(false);
  });
});
