import type { ArmObservation } from '../arm-observation.js';
import type { JudgeLimits } from '../judge-limits.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatPercent } from './format.js';

/** Memory in use: fail above the fraction of the process limit; not-yet when not measured. Pure. */
export function checkMemory(candidate: ArmObservation, limits: JudgeLimits['memory']): CheckResult {
  const used = candidate.memoryFraction;
  const numbers = { memoryFraction: finiteOrNull(used), maxFraction: limits.maxFraction };
  if (!Number.isFinite(used)) {
    return { name: 'memory', status: 'not-yet', numbers, sentence: 'Memory use has not been measured yet.' };
  }
  if (used > limits.maxFraction) {
    return { name: 'memory', status: 'fail', numbers, sentence: `Memory at ${formatPercent(used)} of the limit, above ${formatPercent(limits.maxFraction)}.` };
  }
  return { name: 'memory', status: 'pass', numbers, sentence: `Memory at ${formatPercent(used)} of the limit (max ${formatPercent(limits.maxFraction)}).` };
}
