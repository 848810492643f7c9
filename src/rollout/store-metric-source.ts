import type { LabelledPrediction, PredictionRecord, PredictionWindow, Store } from '../store/index.js';
import type { ArmQuery } from './analysis-request.js';
import type { ArmObservation, ShadowObservation } from './arm-observation.js';
import type { MetricSource } from './metric-source.js';

/** Settings of a {@link StoreMetricSource}. */
export interface StoreMetricSourceOptions {
  readonly store: Pick<Store, 'predictions' | 'feedback'>;
  /** Whether the version's breaker opened at or after `since` (serving's CircuitBreakers.openedSince). */
  readonly breakerOpenedSince: (version: string, since: number) => boolean;
  /** Memory in use as a fraction of the process limit now; NaN when unknown. */
  readonly memoryFraction: () => number;
  /** Most predictions read per arm as the latency/risk sample (default 5,000; counts stay exact). */
  readonly sampleLimit?: number;
}

/**
 * One labelled prediction per patient: the latest (rows come oldest first). A patient scored
 * twenty times has one outcome, not twenty independent ones; counting each would shrink the
 * outcome test's p-values as if there were twenty patients. Predictions without a patient id
 * count one each. Pure.
 */
export function onePerPatient<T extends Pick<LabelledPrediction, 'patientHash'>>(labelled: readonly T[]): T[] {
  const latest = new Map<string, number>();
  labelled.forEach((l, i) => {
    if (l.patientHash !== null) latest.set(l.patientHash, i);
  });
  return labelled.filter((l, i) => l.patientHash === null || latest.get(l.patientHash) === i);
}

/** Suffix the predictor gives the id of a shadow score (`<prediction id>.shadow`). */
const SHADOW_ID_SUFFIX = '.shadow';

/**
 * A MetricSource over the recorded predictions and fed-back outcomes in the Store, so every
 * replica's traffic counts and windows are exact [since, until) ranges. Counts come from
 * countByArm (exact); latencies and risks from a sample of the window. The candidate arm is
 * filtered by rollout id (an earlier rollout of the same version does not count); the
 * baseline is not, since its window may start before the rollout (after a blue-green switch).
 * Outcomes count once per patient ({@link onePerPatient}).
 */
export class StoreMetricSource implements MetricSource {
  readonly #o: StoreMetricSourceOptions;
  readonly #limit: number;

  constructor(options: StoreMetricSourceOptions) {
    this.#o = options;
    this.#limit = options.sampleLimit ?? 5000;
  }

  async observeArm(query: ArmQuery): Promise<ArmObservation> {
    const window = toWindow(query);
    const [counts, records, labelled] = await Promise.all([
      this.#o.store.predictions.countByArm(window),
      this.#o.store.predictions.listWindow(window, this.#limit),
      this.#o.store.feedback.listLabelled(window, this.#limit),
    ]);
    const count = counts.find((c) => c.modelVersion === query.version && c.arm === query.arm);
    const answered = records.filter((r) => r.error === null);
    return {
      requests: count?.total ?? 0,
      errors: count?.errors ?? 0,
      latenciesMs: records.map((r) => r.latencyMs),
      probabilities: answered.map((r) => r.probability),
      threshold: thresholdOf(answered),
      outcomes: onePerPatient(labelled.filter((l) => l.modelVersion === query.version && l.arm === query.arm)).map((l) => ({ probability: l.probability, outcome: l.outcome })),
      breakerOpened: this.#o.breakerOpenedSince(query.version, query.since),
      memoryFraction: this.#o.memoryFraction(),
    };
  }

  async observeShadow(query: { readonly primary: ArmQuery; readonly shadow: ArmQuery }): Promise<ShadowObservation> {
    const [primary, shadow, primaryRecords, shadowRecords] = await Promise.all([
      this.observeArm(query.primary),
      this.observeArm(query.shadow),
      this.#o.store.predictions.listWindow(toWindow(query.primary), this.#limit),
      this.#o.store.predictions.listWindow(toWindow(query.shadow), this.#limit),
    ]);
    const primaryById = new Map(primaryRecords.filter((r) => r.error === null).map((r) => [r.id, r.probability]));
    const pairs: { primary: number; shadow: number }[] = [];
    for (const s of shadowRecords) {
      if (s.error !== null || !s.id.endsWith(SHADOW_ID_SUFFIX)) continue;
      const p = primaryById.get(s.id.slice(0, -SHADOW_ID_SUFFIX.length));
      if (p !== undefined) pairs.push({ primary: p, shadow: s.probability });
    }
    return { primary, shadow, pairs };
  }
}

function toWindow(query: ArmQuery): PredictionWindow {
  return {
    since: query.since,
    until: query.until ?? undefined,
    modelVersion: query.version,
    arm: query.arm,
    rolloutId: query.arm === 'stable' ? undefined : query.rolloutId,
  };
}

/** The operating threshold the arm's answers carry (output.threshold), if any. */
function thresholdOf(records: readonly PredictionRecord[]): number | undefined {
  const t = records.find((r) => typeof r.output.threshold === 'number')?.output.threshold;
  return typeof t === 'number' ? t : undefined;
}
