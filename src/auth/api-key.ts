import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes of live and test keys. */
export const LIVE_KEY_PREFIX = 'rg_live_';
export const TEST_KEY_PREFIX = 'rg_test_';
/** Random characters after the prefix: 40 base62 characters ≈ 238 bits. */
export const KEY_SECRET_LENGTH = 40;
/** Characters of the secret part kept in the stored, non-secret listing prefix. */
const LISTED_SECRET_CHARS = 4;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Largest multiple of 62 below 256: bytes at or above it are dropped so every character is equally likely. */
const UNBIASED_LIMIT = 248;
const KEY_PATTERN = /^rg_(live|test)_[0-9A-Za-z]{40}$/;

/** Uniform random base62 text from the system CSPRNG. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A new plaintext API key, `rg_live_…` or `rg_test_…`. */
export function generateApiKey(test: boolean): string {
  return (test ? TEST_KEY_PREFIX : LIVE_KEY_PREFIX) + randomBase62(KEY_SECRET_LENGTH);
}

/** 'live' or 'test' for a well-formed key, else null (callers answer UNAUTHENTICATED). */
export function apiKeyKind(plaintext: string): 'live' | 'test' | null {
  const match = KEY_PATTERN.exec(plaintext);
  return match ? (match[1] as 'live' | 'test') : null;
}

/** Hex SHA-256 of a key: what the store keeps instead of the key (keys are random, so no salt is needed). */
export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

/** The non-secret prefix shown in listings, e.g. 'rg_live_AbC1'. */
export function apiKeyPrefix(plaintext: string): string {
  return plaintext.slice(0, LIVE_KEY_PREFIX.length + LISTED_SECRET_CHARS);
}

/** Compares two hex digests in constant time (false when lengths differ). */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
