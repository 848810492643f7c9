import { quantile, sortAscending } from '../stats/index.js';
import { fmt, type GateResult, type GateThresholds } from './gate-result.js';

/** Rounds the samples are split into; the gate's p99 is the median of the rounds' p99s. */
export const LATENCY_ROUNDS = 5;

/**
 * The p99 of samples measured robustly: the samples are split into {@link LATENCY_ROUNDS}
 * consecutive rounds and the median of the rounds' p99s is taken, so one burst of
 * preemption on a busy machine (which lands in one round) does not decide the verdict,
 * while a model that is slow on some inputs (slow in every round) still does.
 */
export function robustP99(samplesMs: Float64Array, rounds = LATENCY_ROUNDS): number {
  const size = Math.floor(samplesMs.length / rounds);
  if (size < 1) return quantile(sortAscending(samplesMs), 0.99);
  const perRound = Array.from({ length: rounds }, (_, r) => quantile(sortAscending(samplesMs.subarray(r * size, (r + 1) * size)), 0.99));
  return quantile(sortAscending(perRound), 0.5);
}

/** Latency: p99 of single-patient predict + explain in process ≤ latency_p99_ms (see {@link robustP99}). */
export function judgeLatency(samplesMs: Float64Array, t: GateThresholds): GateResult {
  const sorted = sortAscending(samplesMs);
  const p50 = quantile(sorted, 0.5);
  const p99 = robustP99(samplesMs);
  const ok = p99 <= t.latency_p99_ms;
  return {
    gate: 'latency', status: ok ? 'pass' : 'fail', value: p99, ci95: null, display: `p99 ${fmt(p99, 3)} ms (median ${fmt(p50, 3)} ms)`, threshold: `p99 ≤ ${t.latency_p99_ms} ms (predict + explain, one patient, in-process CPU time)`,
    sentence: `One patient's prediction with its explanation takes ${fmt(p50, 4)} ms at the median and ${fmt(p99, 4)} ms at p99 (median of ${LATENCY_ROUNDS} rounds over ${samplesMs.length} calls)${ok ? '' : `, slower than the ${t.latency_p99_ms} ms allowed`}.`,
    details: { p50, p99, overallP99: quantile(sorted, 0.99), max: quantile(sorted, 1), samples: samplesMs.length, rounds: LATENCY_ROUNDS },
  };
}
