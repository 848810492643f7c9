import type { ExplanationView } from './format-explanation.js';
import type { RiskBand } from './risk-band.js';

/** Arms that can answer a request ('shadow' only ever scores after the response). */
export type ServingArm = 'stable' | 'canary' | 'preview';

/** Where the router sends one request. */
export interface RouteDecision {
  readonly arm: ServingArm;
  /** The version that should answer. */
  readonly version: string;
  /** A candidate that scores the same input after the response, for comparison only. */
  readonly shadowVersion?: string | null;
  /** The rollout behind this decision, if any. */
  readonly rolloutId?: string | null;
}

/**
 * What the predictor needs from the router (src/serving/router.ts implements it): a decision
 * per request, and the stable version that every fallback goes to.
 */
export interface TrafficRouter {
  route(request: { readonly patientId: string | null; readonly preview: boolean }): RouteDecision;
  /** The stable (production) version, or null when none is set. */
  stableVersion(): string | null;
}

/** What the predictor needs from the circuit breakers of candidate versions. */
export interface BreakerBoard {
  /** Whether a request may go to this version now (false while its breaker is open). */
  allows(version: string, now: number): boolean;
  /** Records a success of the version. */
  recordSuccess(version: string, now: number): void;
  /** Records a failure (thrown or too slow) of the version. */
  recordFailure(version: string, now: number): void;
}

/** One scored request, as the predictor reports it to monitoring (metrics, arm windows). */
export interface PredictionObservation {
  readonly at: number;
  readonly modelVersion: string;
  /** 'stable', 'canary', 'preview' or 'shadow'. */
  readonly arm: string;
  readonly rolloutId: string | null;
  readonly latencyMs: number;
  readonly error: boolean;
  readonly probability?: number;
  /** The validated row in the model's signature order. */
  readonly row?: Float64Array;
}

/** Told about every scored request, after the response; must not throw. */
export type PredictionObserver = (o: PredictionObservation) => void;

/** One prediction request, already unpacked from HTTP (or a batch row, or a job). */
export interface PredictRequest {
  readonly patientId: string | null;
  /** Feature values by name; validated against the answering model's signature. */
  readonly features: unknown;
  readonly explain: boolean;
  /** Blue-green preview requested (the caller checked the role). */
  readonly preview?: boolean;
  readonly requestId?: string | null;
  /** Who asked (API key id), kept with the stored prediction. */
  readonly actor?: string | null;
}

/** One answered prediction, in the wire shape of POST /api/v1/predict. */
export interface PredictionResult {
  readonly prediction_id: string;
  readonly patient_id: string | null;
  readonly model: { readonly version: string; readonly checksum: string };
  readonly risk: { readonly probability: number; readonly band: RiskBand; readonly threshold: number };
  readonly explanation: ExplanationView | null;
  /** The arm that answered ('stable' also after a fallback from a failing candidate). */
  readonly served_by: ServingArm;
  readonly latency_ms: number;
}
