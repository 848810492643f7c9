import type { Model } from '../model/index.js';

/** Options of {@link measureLatency}. */
export interface LatencyOptions {
  /** Timed calls (default 2,000). */
  readonly samples?: number;
  /** Untimed calls first, so JIT compilation is not measured (default 200). */
  readonly warmup?: number;
  /** Clock in milliseconds (default {@link processCpuMs}). */
  readonly clock?: () => number;
}

/**
 * CPU time this process has used, in milliseconds. The default latency clock: it measures
 * the work a call does in process and not the time the OS gave other processes, so a busy
 * shared machine (CI, two cores, parallel test workers) does not fail a fast model, while a
 * model that does too much work per call still fails.
 */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times single-patient predict + explain calls in process, cycling through the given rows
 * (n × p, signature order), and returns each call's duration in milliseconds.
 */
export function measureLatency(model: Model, x: Float64Array, n: number, options: LatencyOptions = {}): Float64Array {
  const samples = options.samples ?? 2000;
  const warmup = options.warmup ?? 200;
  const clock = options.clock ?? processCpuMs;
  const p = model.signature.features.length;
  const rows = Math.max(1, n);
  const out = new Float64Array(samples);
  for (let i = 0; i < warmup + samples; i++) {
    const r = i % rows;
    const row = x.subarray(r * p, r * p + p);
    const t0 = clock();
    model.predict(row, 1);
    model.explain(row, 1);
    const dt = clock() - t0;
    if (i >= warmup) out[i - warmup] = dt;
  }
  return out;
}
