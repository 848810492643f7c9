import { featureNames, type Signature } from '../data/index.js';
import { RiskgateError } from '../errors.js';
import type { Explanation, LogisticModelData, Model, ModelFile, Prediction } from './model.js';

/** The probability of a log-odds score, without overflow for large |raw|. */
function sigmoid(raw: number): number {
  if (raw >= 0) return 1 / (1 + Math.exp(-raw));
  const e = Math.exp(raw);
  return e / (1 + e);
}

function isTerm(t: unknown): boolean {
  if (typeof t !== 'object' || t === null) return false;
  const r = t as Record<string, unknown>;
  return typeof r.feature === 'number' && typeof r.weight === 'number' && typeof r.mean === 'number' && (r.code === null || typeof r.code === 'number');
}

/** The first reason `data` cannot be served under `signature`, or null. */
function checkLogistic(data: LogisticModelData, signature: Signature): string | null {
  // Model files are parsed JSON: check the shape before trusting the types.
  const d = data as unknown as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null) return 'logistic is not an object';
  if (!Array.isArray(d.featureNames) || !d.featureNames.every((n) => typeof n === 'string')) return 'featureNames must be an array of strings';
  if (typeof d.intercept !== 'number') return 'intercept must be a number';
  if (!Array.isArray(d.impute) || !d.impute.every((v) => typeof v === 'number')) return 'impute must be an array of numbers';
  if (!Array.isArray(d.terms) || !d.terms.every(isTerm)) return 'terms must be an array of {feature, code, weight, mean}';
  const p = signature.features.length;
  const names = featureNames(signature);
  if (data.featureNames.length !== p || data.featureNames.some((n, j) => n !== names[j])) {
    return `its features (${data.featureNames.join(', ')}) differ from signature ${signature.name} (${names.join(', ')})`;
  }
  if (!Number.isFinite(data.intercept)) return 'intercept is not a finite number';
  if (data.impute.length !== p || !data.impute.every(Number.isFinite)) return `impute must hold ${p} finite numbers`;
  for (const [i, t] of data.terms.entries()) {
    if (!(Number.isInteger(t.feature) && t.feature >= 0 && t.feature < p)) return `term ${i} refers to feature ${t.feature}, outside 0…${p - 1}`;
    if (!Number.isFinite(t.weight) || !Number.isFinite(t.mean)) return `term ${i} has a weight or mean that is not finite`;
    if (t.code !== null && !Number.isFinite(t.code)) return `term ${i} has a code that is not a finite number`;
  }
  return null;
}

/**
 * A logistic regression served from {@link LogisticModelData}: raw = intercept + Σ terms
 * (log-odds), missing inputs replaced by the learned imputation value.
 *
 * Explanations are exact linear SHAP: with independent features, a feature's Shapley value is
 * Σ over its terms of weight × (term(x) − mean term), and base_value = intercept + Σ weight ×
 * mean. An imputed input contributes as its imputed value does. Immutable; never does I/O.
 */
export class LogisticModel implements Model {
  readonly signature: Signature;
  readonly algorithm = 'logistic' as const;
  readonly space = 'log-odds' as const;
  readonly #data: LogisticModelData;
  // Terms as parallel typed arrays (code NaN = a plain linear term) for the hot path.
  readonly #feature: Int32Array;
  readonly #code: Float64Array;
  readonly #weight: Float64Array;
  readonly #impute: Float64Array;
  readonly #baseValue: number;

  /** Throws MODEL_INVALID when `data` is malformed or its features differ from the signature. */
  constructor(data: LogisticModelData, signature: Signature, file = 'model.json') {
    const reason = checkLogistic(data, signature);
    if (reason !== null) throw new RiskgateError('MODEL_INVALID', { file, reason });
    this.signature = signature;
    this.#data = structuredClone(data);
    this.#feature = Int32Array.from(data.terms, (t) => t.feature);
    this.#code = Float64Array.from(data.terms, (t) => (t.code === null ? Number.NaN : t.code));
    this.#weight = Float64Array.from(data.terms, (t) => t.weight);
    this.#impute = Float64Array.from(data.impute);
    this.#baseValue = data.terms.reduce((a, t) => a + t.weight * t.mean, data.intercept);
  }

  /** Builds the model from an artifact's model file; throws MODEL_INVALID for other formats. */
  static fromFile(file: ModelFile, signature: Signature, source = 'model.json'): LogisticModel {
    if (file.format !== 'riskgate-logistic/1') throw new RiskgateError('MODEL_INVALID', { file: source, reason: `format ${String(file.format)} is not riskgate-logistic/1` });
    return new LogisticModel(file.logistic, signature, source);
  }

  /** Value of term k for row `offset`: the (imputed) input, or the indicator of its code. */
  #term(x: Float64Array, offset: number, k: number): number {
    const f = this.#feature[k];
    let v = x[offset + f];
    if (Number.isNaN(v)) v = this.#impute[f];
    const code = this.#code[k];
    return Number.isNaN(code) ? v : v === code ? 1 : 0;
  }

  predictRaw(x: Float64Array, n: number, out = new Float64Array(n)): Float64Array {
    const p = this.signature.features.length;
    const terms = this.#weight.length;
    for (let i = 0; i < n; i++) {
      let raw = this.#data.intercept;
      for (let k = 0; k < terms; k++) raw += this.#weight[k] * this.#term(x, i * p, k);
      out[i] = raw;
    }
    return out;
  }

  predict(x: Float64Array, n: number): Prediction[] {
    return Array.from(this.predictRaw(x, n), (raw) => ({ probability: sigmoid(raw), raw }));
  }

  explain(x: Float64Array, n: number): Explanation[] {
    const p = this.signature.features.length;
    const raws = this.predictRaw(x, n);
    const out: Explanation[] = [];
    for (let i = 0; i < n; i++) {
      const contributions = new Float64Array(p);
      for (let k = 0; k < this.#weight.length; k++) {
        contributions[this.#feature[k]] += this.#weight[k] * (this.#term(x, i * p, k) - this.#data.terms[k].mean);
      }
      out.push({ raw: raws[i], probability: sigmoid(raws[i]), baseValue: this.#baseValue, contributions });
    }
    return out;
  }

  toJSON(): ModelFile {
    return { format: 'riskgate-logistic/1', algorithm: 'logistic', logistic: this.#data };
  }
}
