import { summarizeProblems, validate } from '../data/index.js';
import { RiskgateError, isRiskgateError } from '../errors.js';
import type { PredictionRecord } from '../store/index.js';
import { formatExplanation, rowToFeatures, type ExplanationView } from './format-explanation.js';
import type { ModelPool } from './model-pool.js';
import type { PooledModel } from './pooled-model.js';
import type { BreakerBoard, PredictionObserver, PredictionResult, PredictRequest, RouteDecision, ServingArm, TrafficRouter } from './predictor-types.js';
import { newPredictionId } from './prediction-id.js';
import { assignRiskBand } from './risk-band.js';
import { ShadowQueue } from './shadow-queue.js';

/** Where the predictor writes each answered (and shadow) prediction. */
export interface PredictionSink {
  /** Resolves once the record is durable (journaled): only then may the prediction be acknowledged. */
  record(record: PredictionRecord): Promise<void>;
}

/** Everything a {@link Predictor} works with. */
export interface PredictorOptions {
  readonly pool: ModelPool;
  readonly router: TrafficRouter;
  readonly recorder: PredictionSink;
  /** HMAC pseudonym of a patient id (auth's Pseudonymizer); raw ids are never stored. */
  readonly pseudonymize: (patientId: string) => string;
  readonly breakers?: BreakerBoard;
  readonly observe?: PredictionObserver;
  /** A candidate slower than this counts as a breaker failure (it still answers). */
  readonly slowMs?: number;
  readonly clock?: () => number;
  readonly shadowQueue?: ShadowQueue;
}

/** The answer of one model on one validated row. */
interface Scored {
  readonly probability: number;
  readonly raw: number;
  readonly explanation: ExplanationView | null;
  readonly row: Float64Array;
}

/** Candidate arms fall back to stable when they fail; stable has nowhere to go. */
const FALLBACK_ARMS: ReadonlySet<ServingArm> = new Set(['canary', 'preview']);

/**
 * The one prediction path of every entry point (HTTP single and batch, jobs, the demo):
 * route → validate against the answering model's signature → predict and explain → record
 * (durably: the returned promise resolves only once the record is journaled, so the caller
 * replies after it) → after the response, observe and shadow-score.
 *
 * A candidate (canary or preview) that throws or whose breaker is open never fails the
 * request: the stable version answers instead and the failure is counted against the
 * candidate. Bad input is a VALIDATION_FAILED naming every field, never a breaker failure.
 */
export class Predictor {
  readonly #o: PredictorOptions;
  readonly #clock: () => number;
  readonly #shadow: ShadowQueue;

  constructor(options: PredictorOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#shadow = options.shadowQueue ?? new ShadowQueue();
  }

  /** Work queued after responses (observations, shadow scoring). */
  get shadowQueue(): ShadowQueue {
    return this.#shadow;
  }

  /** Answers one request once it is recorded. Rejects with VALIDATION_FAILED, NO_PRODUCTION_MODEL, STORE_UNAVAILABLE or INTERNAL. */
  async predict(request: PredictRequest): Promise<PredictionResult> {
    const { result, recorded } = this.#predictNow(request);
    await recorded;
    return result;
  }

  /** Scores and queues the record at once; `recorded` resolves when the record is durable. */
  #predictNow(request: PredictRequest): { result: PredictionResult; recorded: Promise<void> } {
    const started = performance.now();
    const decision = this.#o.router.route({ patientId: request.patientId, preview: request.preview ?? false });
    let arm = decision.arm;
    let entry = this.#candidate(decision);
    let scored: Scored;
    if (entry === null) {
      arm = 'stable';
      entry = this.#stable();
      scored = this.#score(entry, request);
    } else {
      try {
        scored = this.#scoreGuarded(entry, arm, decision, request);
      } catch (e) {
        if (!FALLBACK_ARMS.has(arm) || isRiskgateError(e, 'VALIDATION_FAILED')) throw e;
        arm = 'stable';
        entry = this.#stable();
        scored = this.#score(entry, request);
      }
    }
    const latencyMs = performance.now() - started;
    const result = this.#answer(entry, arm, scored, request, latencyMs);
    const rolloutId = decision.rolloutId ?? null;
    const recorded = this.#o.recorder.record(this.#toRecord(result, entry, arm, rolloutId, scored, request));
    this.#afterResponse(result, entry, arm, rolloutId, scored, decision.shadowVersion ?? null, request);
    return { result, recorded };
  }

  /**
   * Answers many requests; a row's failure is returned in its place and never fails the others.
   * Every row is scored first, so all of them go to the journal in one group write.
   */
  async predictMany(requests: readonly PredictRequest[]): Promise<({ ok: true; result: PredictionResult } | { ok: false; error: RiskgateError })[]> {
    const failed = (r: PredictRequest, e: unknown) => ({ ok: false as const, error: isRiskgateError(e) ? e : new RiskgateError('INTERNAL', { requestId: r.requestId ?? null }, { cause: e }) });
    const started = requests.map((r) => {
      try {
        return { ok: true as const, ...this.#predictNow(r) };
      } catch (e) {
        return failed(r, e);
      }
    });
    return Promise.all(started.map(async (s, i) => {
      if (!s.ok) return s;
      try {
        await s.recorded;
        return { ok: true as const, result: s.result };
      } catch (e) {
        return failed(requests[i], e);
      }
    }));
  }

  /** The candidate model of a non-stable decision, or null when stable should answer. */
  #candidate(decision: RouteDecision): PooledModel | null {
    if (decision.arm === 'stable') return this.#o.pool.get(decision.version) ?? null;
    const entry = this.#o.pool.get(decision.version);
    if (!entry) return null;
    if (this.#o.breakers && !this.#o.breakers.allows(decision.version, this.#clock())) return null;
    return entry;
  }

  /** The stable model; NO_PRODUCTION_MODEL when none is loaded. */
  #stable(): PooledModel {
    const version = this.#o.router.stableVersion();
    const entry = version === null ? undefined : this.#o.pool.get(version);
    if (!entry) throw new RiskgateError('NO_PRODUCTION_MODEL', { env: 'this server' });
    return entry;
  }

  /** Scores on a candidate, telling its breaker and the monitor about failures. */
  #scoreGuarded(entry: PooledModel, arm: ServingArm, decision: RouteDecision, request: PredictRequest): Scored {
    if (arm === 'stable') return this.#score(entry, request);
    const t0 = performance.now();
    try {
      const scored = this.#score(entry, request);
      const ms = performance.now() - t0;
      if (this.#o.slowMs !== undefined && ms > this.#o.slowMs) this.#o.breakers?.recordFailure(entry.version, this.#clock());
      else this.#o.breakers?.recordSuccess(entry.version, this.#clock());
      return scored;
    } catch (e) {
      if (isRiskgateError(e, 'VALIDATION_FAILED')) throw e;
      const at = this.#clock();
      this.#o.breakers?.recordFailure(entry.version, at);
      this.#o.observe?.({ at, modelVersion: entry.version, arm, rolloutId: decision.rolloutId ?? null, latencyMs: performance.now() - t0, error: true });
      throw e;
    }
  }

  /** Validates against this model's signature, predicts, and explains when asked. */
  #score(entry: PooledModel, request: PredictRequest): Scored {
    const checked = validate(request.features, entry.model.signature);
    if (!checked.ok) {
      throw new RiskgateError('VALIDATION_FAILED', { summary: summarizeProblems(checked.problems), problems: checked.problems });
    }
    const row = checked.row;
    if (!request.explain) {
      const p = entry.model.predict(row, 1)[0];
      return { probability: p.probability, raw: p.raw, explanation: null, row };
    }
    // explain() also gives the probability: one walk of the model instead of two.
    const e = entry.model.explain(row, 1)[0];
    return { probability: e.probability, raw: e.raw, explanation: formatExplanation(entry.model.signature, entry.model.space, row, e), row };
  }

  #answer(entry: PooledModel, arm: ServingArm, s: Scored, request: PredictRequest, latencyMs: number): PredictionResult {
    return {
      prediction_id: newPredictionId(),
      patient_id: request.patientId,
      model: { version: entry.version, checksum: entry.checksum },
      risk: { probability: s.probability, band: assignRiskBand(s.probability, entry.threshold), threshold: entry.threshold },
      explanation: s.explanation,
      served_by: arm,
      latency_ms: latencyMs,
    };
  }

  #toRecord(result: PredictionResult, entry: PooledModel, arm: string, rolloutId: string | null, s: Scored, request: PredictRequest): PredictionRecord {
    return {
      id: result.prediction_id,
      patientHash: request.patientId === null ? null : this.#o.pseudonymize(request.patientId),
      modelVersion: entry.version,
      modelChecksum: entry.checksum,
      arm,
      rolloutId,
      input: rowToFeatures(entry.model.signature, s.row),
      probability: s.probability,
      output: { band: result.risk.band, threshold: entry.threshold, raw: s.raw, served_by: result.served_by, actor: request.actor ?? null },
      explanation: s.explanation as unknown as PredictionRecord['explanation'],
      error: null,
      latencyMs: result.latency_ms,
      requestId: request.requestId ?? null,
      createdAt: this.#clock(),
    };
  }

  /** Observation and shadow scoring, queued so they run after the response is written. */
  #afterResponse(result: PredictionResult, entry: PooledModel, arm: string, rolloutId: string | null, s: Scored, shadowVersion: string | null, request: PredictRequest): void {
    const at = this.#clock();
    this.#shadow.enqueue(() => {
      this.#o.observe?.({ at, modelVersion: entry.version, arm, rolloutId, latencyMs: result.latency_ms, error: false, probability: s.probability, row: s.row });
      if (shadowVersion !== null && shadowVersion !== entry.version) this.#scoreShadow(shadowVersion, result, rolloutId, request);
    });
  }

  /** Scores the shadow candidate on the same input and records it as arm 'shadow'; never throws. */
  #scoreShadow(version: string, primary: PredictionResult, rolloutId: string | null, request: PredictRequest): void {
    const shadow = this.#o.pool.get(version);
    if (!shadow) return;
    const t0 = performance.now();
    let scored: Scored | null = null;
    let error: string | null = null;
    try {
      scored = this.#score(shadow, { ...request, explain: false });
    } catch (e) {
      error = isRiskgateError(e) ? e.code : 'INTERNAL';
    }
    const latencyMs = performance.now() - t0;
    const at = this.#clock();
    if (error !== null && error !== 'VALIDATION_FAILED') this.#o.breakers?.recordFailure(version, at);
    this.#o.observe?.({ at, modelVersion: version, arm: 'shadow', rolloutId, latencyMs, error: error !== null, probability: scored?.probability, row: scored?.row });
    // Not awaited: the shadow answer is never acknowledged to anyone; a failed write is only lost to the comparison.
    void this.#o.recorder.record({
      id: `${primary.prediction_id}.shadow`,
      patientHash: request.patientId === null ? null : this.#o.pseudonymize(request.patientId),
      modelVersion: version,
      modelChecksum: shadow.checksum,
      arm: 'shadow',
      rolloutId,
      input: scored ? rowToFeatures(shadow.model.signature, scored.row) : {},
      probability: scored?.probability ?? 0,
      output: scored ? { band: assignRiskBand(scored.probability, shadow.threshold), threshold: shadow.threshold, raw: scored.raw, primary_id: primary.prediction_id } : { primary_id: primary.prediction_id },
      explanation: null,
      error,
      latencyMs,
      requestId: request.requestId ?? null,
      createdAt: at,
    });
  }
}
