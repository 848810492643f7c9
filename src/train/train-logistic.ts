import type { Dataset, Signature } from '../data/index.js';
import type { LogisticModelData, LogisticTerm } from '../model/index.js';
import { choleskySolve } from './cholesky-solve.js';

/** Hyperparameters of the logistic regression. */
export interface LogisticParams {
  /** L2 penalty λ on the standardised weights (λ/2·‖w‖²; scikit-learn's 1/C). The intercept is not penalised. */
  readonly l2: number;
  /** Newton iterations at most. */
  readonly maxIterations: number;
  /** Stop when the largest Newton step is below this. */
  readonly tolerance: number;
}

/**
 * Defaults tuned on Cleveland by 5 × 5 repeated stratified CV (BENCHMARKS.md): λ = 10 over
 * 25 standardised columns (AUC 0.913; 0.907 at λ = 1). Stronger shrinkage gains a little AUC
 * (0.917 at λ = 100) but flattens the probabilities, so calibration is kept instead.
 */
export const LOGISTIC_DEFAULTS: LogisticParams = Object.freeze({ l2: 10, maxIterations: 100, tolerance: 1e-10 });

/** One design column before standardisation: feature j raw (code null) or the indicator of a code. */
interface Column { feature: number; code: number | null }

/** Median of non-missing values (continuous) or most frequent value (codes; ties → smallest). */
function learnImputation(data: Dataset, j: number, byMode: boolean): number {
  const p = data.features.length;
  const values: number[] = [];
  for (let i = 0; i < data.n; i++) {
    const v = data.x[i * p + j];
    if (!Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  if (!byMode) {
    const m = values.length >> 1;
    return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
  }
  let best = values[0];
  let bestCount = 0;
  for (let i = 0; i < values.length; ) {
    let k = i;
    while (k < values.length && values[k] === values[i]) k++;
    if (k - i > bestCount) {
      best = values[i];
      bestCount = k - i;
    }
    i = k;
  }
  return best;
}

/** Design columns from the signature: categorical features become one indicator per code. */
function designColumns(signature: Signature, p: number): Column[] {
  const cols: Column[] = [];
  for (let j = 0; j < p; j++) {
    const spec = signature.features[j];
    if (spec?.kind === 'categorical' && spec.codes && !signature.permissive) {
      for (const c of spec.codes) cols.push({ feature: j, code: c.value });
    } else {
      cols.push({ feature: j, code: null });
    }
  }
  return cols;
}

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised
 * columns: missing values are imputed with the training median (continuous) or mode
 * (binary, categorical), categorical features are one-hot encoded as indicator terms, and
 * the standardisation is folded back into weights on raw units. Each term records its
 * training mean for exact linear SHAP. Deterministic (no randomness).
 */
export function trainLogistic(data: Dataset, signature: Signature, params: LogisticParams): LogisticModelData {
  const { n, x, y } = data;
  const p = data.features.length;
  const impute = Array.from({ length: p }, (_, j) => learnImputation(data, j, signature.features[j]?.kind !== 'continuous' && !signature.permissive));
  const cols = designColumns(signature, p);
  const m = cols.length + 1; // column 0 is the intercept
  // Standardised design matrix z (n × m, row-major) with a leading column of ones.
  const z = new Float64Array(n * m);
  const mu = new Float64Array(cols.length);
  const sd = new Float64Array(cols.length);
  cols.forEach((c, k) => {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const raw = x[i * p + c.feature];
      const v0 = Number.isNaN(raw) ? impute[c.feature] : raw;
      const v = c.code === null ? v0 : v0 === c.code ? 1 : 0;
      z[i * m + k + 1] = v;
      s += v;
      s2 += v * v;
    }
    mu[k] = s / Math.max(n, 1);
    sd[k] = Math.sqrt(Math.max(s2 / Math.max(n, 1) - mu[k] * mu[k], 0));
    for (let i = 0; i < n; i++) z[i * m + k + 1] = sd[k] > 1e-12 ? (z[i * m + k + 1] - mu[k]) / sd[k] : 0;
  });
  for (let i = 0; i < n; i++) z[i * m] = 1;
  const w = fitNewton(z, y, n, m, params);
  const terms: LogisticTerm[] = cols.map((c, k) => ({
    feature: c.feature,
    code: c.code,
    weight: sd[k] > 1e-12 ? w[k + 1] / sd[k] : 0,
    mean: mu[k],
  }));
  const intercept = w[0] - terms.reduce((a, t) => a + t.weight * t.mean, 0);
  return { featureNames: [...data.features], intercept, terms, impute };
}

/** Newton–Raphson on the penalised log-likelihood; w[0] (intercept) is unpenalised. */
function fitNewton(z: Float64Array, y: Uint8Array, n: number, m: number, params: LogisticParams): Float64Array {
  const w = new Float64Array(m);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  for (let it = 0; it < params.maxIterations; it++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let k = 0; k < m; k++) eta += z[i * m + k] * w[k];
      const prob = 1 / (1 + Math.exp(-eta));
      const r = prob - y[i];
      const v = Math.max(prob * (1 - prob), 1e-12);
      for (let a = 0; a < m; a++) {
        const za = z[i * m + a];
        if (za === 0) continue;
        grad[a] += r * za;
        for (let b = 0; b <= a; b++) hess[a * m + b] += v * za * z[i * m + b];
      }
    }
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < a; b++) hess[b * m + a] = hess[a * m + b];
      // A tiny ridge on the intercept keeps a one-class fold solvable.
      const penalty = a === 0 ? 1e-8 : params.l2;
      grad[a] += penalty * w[a];
      hess[a * m + a] += penalty;
    }
    const step = choleskySolve(hess, grad, m);
    if (!step) break;
    let largest = 0;
    for (let k = 0; k < m; k++) {
      w[k] -= step[k];
      largest = Math.max(largest, Math.abs(step[k]));
    }
    if (largest < params.tolerance) break;
  }
  return w;
}
