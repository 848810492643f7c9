import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIN_SECRET_LENGTH, WEAK_SECRETS } from './defaults.js';
import type { Environment } from './schema.js';

/** File under var_dir that keeps the generated development secret (stable pseudonyms). */
export const DEV_SECRET_FILE = 'secret.key';

/** Why a SECRET_KEY is unusable outside development, or null when it is strong enough. */
export function judgeSecret(key: string | undefined): string | null {
  if (key === undefined || key.trim() === '') return 'SECRET_KEY is missing';
  if (key.length < MIN_SECRET_LENGTH) return `SECRET_KEY is weak: ${key.length} characters, at least ${MIN_SECRET_LENGTH} needed`;
  const lower = key.toLowerCase();
  if (WEAK_SECRETS.includes(lower)) return 'SECRET_KEY is weak: a well-known example value';
  if (new Set(key).size < 8) return 'SECRET_KEY is weak: too few distinct characters';
  return null;
}

/** The resolved secret and where it came from. */
export interface ResolvedSecret {
  readonly key: string;
  readonly source: 'env' | 'file' | 'generated';
  /** Set when the secret is unusable in this environment. */
  readonly problem: string | null;
}

/**
 * Finds the SECRET_KEY. Outside development it must come from the environment and be strong.
 * In development a missing key is read from var_dir/secret.key, or generated once and kept
 * there (mode 0600) when `persist` is true, so pseudonyms stay stable across restarts.
 */
export function resolveSecret(env: Environment, fromEnv: string | undefined, varDir: string, persist: boolean): ResolvedSecret {
  if (env !== 'development') {
    const problem = judgeSecret(fromEnv);
    return { key: fromEnv && fromEnv.length > 0 ? fromEnv : 'unset', source: 'env', problem };
  }
  if (fromEnv !== undefined && fromEnv !== '') return { key: fromEnv, source: 'env', problem: null };
  const file = join(varDir, DEV_SECRET_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length > 0) return { key, source: 'file', problem: null };
  }
  const key = randomBytes(32).toString('hex');
  if (persist) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx' so two processes starting at once cannot overwrite each other's key.
    try {
      writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { key: readFileSync(file, 'utf8').trim(), source: 'file', problem: null };
      throw e;
    }
  }
  return { key, source: 'generated', problem: null };
}
