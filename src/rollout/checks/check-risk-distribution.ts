import type { JudgeLimits } from '../judge-limits.js';
import { samplePsi } from '../../stats/index.js';
import type { CheckResult } from '../verdict.js';
import { finiteOrNull, formatNumber } from './format.js';

/** Expected observations per bin, at least, on the smaller sample. */
const MIN_PER_BIN = 10;
/** Fewer bins than this cannot describe a distribution. */
const MIN_BINS = 2;

/**
 * The number of quantile bins for samples of these sizes: the configured number, fewer when
 * the smaller sample would leave under {@link MIN_PER_BIN} expected observations a bin.
 * PSI's noise grows with bins / n (about (bins − 1) × (1/n₁ + 1/n₂) for two samples of one
 * distribution), so ten bins over twenty predictions would "fail" identical models.
 */
export function binsForSamples(smaller: number, configured: number): number {
  return Math.max(MIN_BINS, Math.min(configured, Math.floor(smaller / MIN_PER_BIN)));
}

/**
 * Distribution of predicted risk, candidate against baseline (reference): PSI above the
 * fail bound fails, above the warn bound warns; not-yet until both samples reach the
 * minimum. Bins shrink with small samples (see binsForSamples). Pure.
 */
export function checkRiskDistribution(candidate: readonly number[], baseline: readonly number[], limits: JudgeLimits['riskDistribution']): CheckResult {
  const enough = candidate.length >= limits.minSamples && baseline.length >= limits.minSamples;
  const bins = binsForSamples(Math.min(candidate.length, baseline.length), limits.bins);
  const psi = enough ? samplePsi(baseline, candidate, { bins, smoothing: limits.smoothing }) : Number.NaN;
  const numbers = { psi: finiteOrNull(psi), bins, samples: candidate.length, baselineSamples: baseline.length, warnPsi: limits.warnPsi, failPsi: limits.failPsi };
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
