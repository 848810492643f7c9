/** Risk bands shown to clinicians, lowest first. */
export const RISK_BANDS = ['low', 'moderate', 'high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

/**
 * The band of a probability given the model's decision threshold: high at or above the
 * threshold (the model calls it disease), moderate from half the threshold (worth a second
 * look), low below that.
 */
export function assignRiskBand(probability: number, threshold: number): RiskBand {
  if (probability >= threshold) return 'high';
  if (probability >= threshold / 2) return 'moderate';
  return 'low';
}
