import type { ArmQuery } from './analysis-request.js';
import type { ArmObservation, ShadowObservation } from './arm-observation.js';

/**
 * Where the controller gets its observations (argo's metric Provider: one method per verb).
 * src/monitor implements it over its arm windows and the stored predictions and feedback.
 */
export interface MetricSource {
  /** One arm over a window. An empty window gives zero counts, not an error; throws only when the data cannot be read. */
  observeArm(query: ArmQuery): Promise<ArmObservation>;
  /** The primary and shadow arms over a window, with the paired probabilities of requests both scored. Same error rule. */
  observeShadow(query: { readonly primary: ArmQuery; readonly shadow: ArmQuery }): Promise<ShadowObservation>;
}
