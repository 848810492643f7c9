import type { ArmWindows } from './arm-windows.js';
import type { RiskgateMetrics } from './metrics.js';

/** One scored request (the fields of serving's PredictionObservation that monitoring uses). */
export interface ScoredRequest {
  readonly at: number;
  readonly modelVersion: string;
  readonly arm: string;
  readonly latencyMs: number;
  readonly error: boolean;
  readonly probability?: number;
  readonly row?: ArrayLike<number>;
}

/**
 * The predictor's observer: counts the prediction in the metrics and records it in its arm's
 * window. Runs after the response; never throws (a monitoring fault must not touch serving).
 */
export function createPredictionObserver(deps: { readonly metrics?: RiskgateMetrics; readonly windows?: ArmWindows; readonly onError?: (e: unknown) => void }): (o: ScoredRequest) => void {
  return (o) => {
    try {
      deps.metrics?.observePrediction({ modelVersion: o.modelVersion, arm: o.arm, seconds: o.latencyMs / 1000, probability: o.probability, error: o.error });
      deps.windows?.record(o);
    } catch (e) {
      try {
        deps.onError?.(e);
      } catch {
        // nothing left to tell
      }
    }
  };
}
