import { spawnSync } from 'node:child_process';

/** Path of the promtool binary (Debian package `prometheus`). */
export const PROMTOOL = '/usr/bin/promtool';

/** Outcome of one promtool run. */
export interface PromtoolResult {
  readonly available: boolean;
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs `promtool ARGS…` with `input` on stdin and returns its exit status and combined
 * output; `available` is false when promtool is not installed. Used by tests and CI checks.
 */
export function runPromtool(args: readonly string[], input?: string): PromtoolResult {
  const r = spawnSync(PROMTOOL, args as string[], { input, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return { available: false, status: null, output: 'promtool is not installed' };
  return { available: true, status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
