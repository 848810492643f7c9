import type { LabelledScore } from '../stats/index.js';

/**
 * What the judge knows about one arm (one model version serving one role) over an analysis
 * window. Produced by src/monitor (its ArmWindow) through the controller's MetricSource.
 * Samples may be subsampled; counts are exact.
 */
export interface ArmObservation {
  /** Predictions answered (or attempted) by this arm in the window. */
  readonly requests: number;
  /** Of which failed (threw, timed out, or fell back because the breaker was open). */
  readonly errors: number;
  /** A sample of per-request latencies in milliseconds. */
  readonly latenciesMs: readonly number[];
  /** A sample of predicted probabilities. */
  readonly probabilities: readonly number[];
  /** Decisions (probability ≥ threshold) of the same sample, when the source keeps them. */
  readonly decisions?: readonly boolean[];
  /** The operating threshold of this arm's model; the limits' default applies when absent. */
  readonly threshold?: number;
  /** Predictions of the window whose outcome has been fed back. */
  readonly outcomes: readonly LabelledScore[];
  /** True when this arm's circuit breaker opened at any time in the window. */
  readonly breakerOpened: boolean;
  /** Memory in use as a fraction of the process limit; NaN when not measured. */
  readonly memoryFraction: number;
}

/**
 * The shadow comparison's input: the primary (answering) arm and the shadow arm over the
 * same window, plus the paired probabilities of requests both scored.
 */
export interface ShadowObservation {
  readonly primary: ArmObservation;
  readonly shadow: ArmObservation;
  /** Probabilities given to the same request by the primary and the shadow model. */
  readonly pairs: readonly { readonly primary: number; readonly shadow: number }[];
}

/** An arm that saw nothing: the neutral starting point of fakes and empty windows. */
export const EMPTY_ARM: ArmObservation = Object.freeze({
  requests: 0, errors: 0, latenciesMs: [], probabilities: [], outcomes: [], breakerOpened: false, memoryFraction: Number.NaN,
});
