import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRiskgateError } from '../errors.js';
import {
  CARD_FILE, checkSmokeSet, describeTrainingOverlap, evaluateModel, parseVersion, signatureHashOf,
  type LoadedVersion, type ModelRegistry, type ValidationSet, type VersionInfo,
} from '../registry/index.js';
import { delongPaired } from '../stats/index.js';
import { judgeCompatibility, judgeDocumentation, judgeIntegrity, judgeStability } from './judge-artifact.js';
import { judgeCalibration } from './judge-calibration.js';
import { judgeDiscrimination } from './judge-discrimination.js';
import { judgeFairness } from './judge-fairness.js';
import { judgeLatency } from './judge-latency.js';
import { judgeNonInferiority, type ProductionComparison } from './judge-non-inferiority.js';
import { judgeOperatingPoint } from './judge-operating-point.js';
import { worstStatus, unmeasurable, type GateResult, type GateStatus, type GateThresholds } from './gate-result.js';
import { measureLatency, type LatencyOptions } from './measure-latency.js';

/** Format tag of a gate report. */
export const GATE_REPORT_FORMAT = 'riskgate-gate-report/1';

/** A version's gate report: every gate's verdict over a fixed, versioned validation set. */
export interface GateReport {
  readonly format: typeof GATE_REPORT_FORMAT;
  readonly version: string;
  readonly env: string;
  readonly createdAt: string;
  readonly validationSet: { readonly id: string; readonly description: string; readonly n: number; readonly positives: number } | null;
  /** The production version compared with (null when none). */
  readonly production: string | null;
  readonly thresholds: GateThresholds;
  /** Worst status of all gates. */
  readonly status: GateStatus;
  /** True when no gate failed (warnings do not block). */
  readonly passed: boolean;
  readonly summary: string;
  readonly gates: readonly GateResult[];
}

/** Options of {@link runGates}. */
export interface RunGatesOptions {
  readonly env: string;
  readonly thresholds: GateThresholds;
  /** When the report is made (default now). */
  readonly now?: Date;
  readonly latency?: LatencyOptions;
}

/** Loads a version, or returns the error message when its artifact does not load. */
async function tryLoad(registry: ModelRegistry, version: string): Promise<LoadedVersion | string> {
  try {
    return await registry.load(version);
  } catch (e) {
    if (isRiskgateError(e)) return e.message;
    throw e;
  }
}

/** The production version to compare with, and the paired AUC comparison when possible. */
async function compareWithProduction(registry: ModelRegistry, info: VersionInfo, vset: ValidationSet, candidate: Float64Array): Promise<{ production: VersionInfo | null; comparison: ProductionComparison }> {
  let production: VersionInfo;
  try {
    production = await registry.get('production');
  } catch (e) {
    if (isRiskgateError(e, 'MODEL_NOT_FOUND')) return { production: null, comparison: { kind: 'none', reason: 'no version is in production' } };
    throw e;
  }
  if (production.version === info.version) return { production, comparison: { kind: 'none', reason: `${info.version} is itself the production version` } };
  const loaded = await tryLoad(registry, production.version);
  if (typeof loaded === 'string') return { production, comparison: { kind: 'none', reason: `production ${production.version} could not be loaded (${loaded})` } };
  const prodSet = await registry.validationSetOf(production.version);
  if (!prodSet || prodSet.id !== vset.id) return { production, comparison: { kind: 'none', reason: `production ${production.version} is evaluated on other data (${prodSet?.id ?? 'none'}), so the AUCs are not comparable` } };
  const prodProb = evaluateModel(loaded.model, prodSet, loaded.metadata.threshold ?? 0.5).probabilities;
  return { production, comparison: { kind: 'paired', production: production.version, comparison: delongPaired(vset.data.y, candidate, prodProb) } };
}

/** One sentence over all gates. */
function summarize(gates: readonly GateResult[]): string {
  const failed = gates.filter((g) => g.status === 'fail').map((g) => g.gate);
  const warned = gates.filter((g) => g.status === 'warn').map((g) => g.gate);
  const warnText = warned.length ? ` (${warned.length} warning${warned.length > 1 ? 's' : ''}: ${warned.join(', ')})` : '';
  return failed.length ? `${failed.length} of ${gates.length} gates failed: ${failed.join(', ')}${warnText}.` : `All ${gates.length} gates passed${warnText}.`;
}

/**
 * Runs every gate on a version (or alias) in an environment: discrimination, non-inferiority
 * to production, operating point, calibration, fairness by sex and by age band, latency,
 * compatibility, integrity, documentation and stability. Expected bad outcomes (a tampered
 * artifact, missing data) are recorded as failing gates, never thrown.
 */
export async function runGates(registry: ModelRegistry, versionOrAlias: string, options: RunGatesOptions): Promise<GateReport> {
  const t = options.thresholds;
  const info = await registry.get(versionOrAlias);
  const integrity = await registry.verify(info.version);
  const loaded = integrity.ok ? await tryLoad(registry, info.version) : integrity.reason ?? 'artifact does not verify';
  const vset = await registry.validationSetOf(info.version);
  const gates: GateResult[] = [];
  let production: VersionInfo | null = null;
  if (typeof loaded === 'string') {
    const why = `The artifact could not be loaded (${loaded}), so nothing can be measured.`;
    for (const gate of ['discrimination', 'non-inferiority', 'operating-point', 'calibration', 'fairness-sex', 'fairness-age', 'latency']) gates.push({ gate, status: 'fail', value: null, ci95: null, threshold: '—', sentence: why, details: {} });
  } else if (!vset) {
    gates.push(unmeasurable('discrimination', `AUC ≥ ${t.auc_min}`), unmeasurable('non-inferiority', `AUC drop ≤ ${t.auc_max_drop}`), unmeasurable('operating-point', `sensitivity ≥ ${t.sensitivity_min}`), unmeasurable('calibration', `Brier ≤ ${t.brier_max}`), unmeasurable('fairness-sex', 'gaps'), unmeasurable('fairness-age', 'gaps'));
    const smokeRows = info.smokeSet?.cases.length ?? 0;
    const names = loaded.model.signature.features.map((f) => f.name);
    const x = new Float64Array(Math.max(smokeRows, 1) * names.length);
    info.smokeSet?.cases.forEach((c, i) => names.forEach((nm, j) => (x[i * names.length + j] = c.features[nm] ?? Number.NaN)));
    gates.push(judgeLatency(measureLatency(loaded.model, x, Math.max(smokeRows, 1), options.latency), t));
  } else {
    const { evaluation, probabilities } = evaluateModel(loaded.model, vset, loaded.metadata.threshold ?? 0.5);
    const cmp = await compareWithProduction(registry, info, vset, probabilities);
    production = cmp.production;
    gates.push(
      judgeDiscrimination(evaluation, t, describeTrainingOverlap(loaded.metadata, vset.id)),
      judgeNonInferiority(cmp.comparison, t),
      judgeOperatingPoint(evaluation, t),
      judgeCalibration(evaluation, t),
      judgeFairness(evaluation, 'sex', t),
      judgeFairness(evaluation, 'age', t),
      judgeLatency(measureLatency(loaded.model, vset.data.x, vset.data.n, options.latency), t),
    );
  }
  if (production === null) production = await registry.get('production').catch((e: unknown) => (isRiskgateError(e, 'MODEL_NOT_FOUND') ? null : Promise.reject(e)));
  const majorOf = (v: string): number => parseVersion(v).major;
  gates.push(judgeCompatibility({
    production: production ? { version: production.version, signatureHash: signatureHashOf(production.metadata), major: majorOf(production.version) } : null,
    candidate: { version: info.version, signatureHash: signatureHashOf(info.metadata), major: majorOf(info.version) },
  }));
  gates.push(judgeIntegrity(integrity));
  const cardPath = join(info.path, CARD_FILE);
  gates.push(judgeDocumentation(integrity.ok && existsSync(cardPath) ? readFileSync(cardPath, 'utf8') : null));
  gates.push(typeof loaded === 'string' ? judgeStability(null, []) : judgeStability(info.smokeSet ? info.smokeSet.cases.length : null, info.smokeSet ? checkSmokeSet(loaded.model, info.smokeSet) : []));
  const status = worstStatus(...gates.map((g) => g.status));
  return {
    format: GATE_REPORT_FORMAT,
    version: info.version,
    env: options.env,
    createdAt: (options.now ?? new Date()).toISOString(),
    validationSet: vset ? { id: vset.id, description: vset.description, n: vset.data.n, positives: vset.data.y.reduce((a, b) => a + b, 0) } : null,
    production: production?.version ?? null,
    thresholds: t,
    status,
    passed: status !== 'fail',
    summary: summarize(gates),
    gates,
  };
}
