import type { JudgeLimits } from '../judge-limits.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatPercent } from './format.js';

/**
 * Shadow: share of paired requests where the shadow takes the same decision as the primary at
 * the threshold; fail below the minimum agreement, not-yet below the minimum of pairs. Pure.
 */
export function checkAgreement(pairs: readonly { readonly primary: number; readonly shadow: number }[], threshold: number, limits: JudgeLimits['shadow']): CheckResult {
  let agree = 0;
  for (const p of pairs) if ((p.primary >= threshold) === (p.shadow >= threshold)) agree++;
  const agreement = pairs.length > 0 ? agree / pairs.length : Number.NaN;
  const numbers = { agreement: finiteOrNull(agreement), pairs: pairs.length, threshold, minAgreement: limits.minAgreement };
  if (pairs.length < limits.minPairs) {
    return { name: 'agreement', status: 'not-yet', numbers, sentence: `Decision agreement: waiting for ${limits.minPairs} paired requests (have ${pairs.length}).` };
  }
  const described = `Same decision as production at threshold ${threshold} on ${formatPercent(agreement)} of ${pairs.length} requests`;
  if (agreement < limits.minAgreement) {
    return { name: 'agreement', status: 'fail', numbers, sentence: `${described}, below the ${formatPercent(limits.minAgreement)} required.` };
  }
  return { name: 'agreement', status: 'pass', numbers, sentence: `${described}.` };
}
