import type { JudgeLimits } from '../judge-limits.js';
import { samplePsi } from '../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatNumber } from './format.js';

/**
 * Distribution of predicted risk, candidate against baseline (reference): PSI above the
 * fail bound fails, above the warn bound warns; not-yet until both samples reach the
 * minimum. Pure.
 */
export function checkRiskDistribution(candidate: readonly number[], baseline: readonly number[], limits: JudgeLimits['riskDistribution']): CheckResult {
  const enough = candidate.length >= limits.minSamples && baseline.length >= limits.minSamples;
  const psi = enough ? samplePsi(baseline, candidate, { bins: limits.bins, smoothing: limits.smoothing }) : Number.NaN;
  const numbers = { psi: finiteOrNull(psi), samples: candidate.length, baselineSamples: baseline.length, warnPsi: limits.warnPsi, failPsi: limits.failPsi };
  if (!enough) {
    return { name: 'risk-distribution', status: 'not-yet', numbers, sentence: `Predicted-risk distribution: waiting for ${limits.minSamples} predictions on each arm (have ${candidate.length} and ${baseline.length}).` };
  }
  if (psi > limits.failPsi) {
    return { name: 'risk-distribution', status: 'fail', numbers, sentence: `Predicted risk shifted strongly from baseline (PSI ${formatNumber(psi)} > ${limits.failPsi}).` };
  }
  if (psi > limits.warnPsi) {
    return { name: 'risk-distribution', status: 'warn', numbers, sentence: `Predicted risk shifted moderately from baseline (PSI ${formatNumber(psi)} > ${limits.warnPsi}).` };
  }
  return { name: 'risk-distribution', status: 'pass', numbers, sentence: `Predicted risk distributed like baseline (PSI ${formatNumber(psi)}).` };
}
