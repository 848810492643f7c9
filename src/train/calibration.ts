/** How well probabilities match observed frequencies. */
export interface Calibration {
  /** Mean squared error of the probabilities against 0/1 outcomes (lower is better). */
  readonly brier: number;
  /** b of the recalibration fit logit P(y=1) = a + b·logit(p); 1 is ideal, < 1 means too extreme. */
  readonly slope: number;
  /** Calibration-in-the-large: a of logit P(y=1) = a + logit(p) (slope fixed at 1); 0 is ideal, > 0 means risk underestimated. */
  readonly intercept: number;
  /** Expected calibration error over equal-width probability bins: Σ n_b/n · |ȳ_b − p̄_b|. */
  readonly ece: number;
}

/** Bins of the expected calibration error. */
export const ECE_BINS = 10;
/** Probabilities are clipped to [ε, 1−ε] before logit so 0 and 1 (e.g. forest votes) stay finite. */
const LOGIT_CLIP = 1e-6;
const NEWTON_STEPS = 50;

function logit(p: number): number {
  const q = Math.min(Math.max(p, LOGIT_CLIP), 1 - LOGIT_CLIP);
  return Math.log(q / (1 - q));
}

/**
 * Brier score, calibration slope and intercept (logistic recalibration on logit(p), after
 * Van Calster et al. 2016) and expected calibration error of probabilities `prob` for
 * outcomes `y`. Slope and intercept are NaN when only one class is present.
 */
export function computeCalibration(y: ArrayLike<number>, prob: ArrayLike<number>): Calibration {
  const n = y.length;
  let brier = 0;
  let positives = 0;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    brier += (prob[i] - y[i]) ** 2;
    positives += y[i];
    lp[i] = logit(prob[i]);
  }
  const oneClass = positives === 0 || positives === n;
  return {
    brier: n ? brier / n : Number.NaN,
    slope: oneClass ? Number.NaN : fitSlope(y, lp),
    intercept: oneClass ? Number.NaN : fitOffsetIntercept(y, lp),
    ece: expectedCalibrationError(y, prob, ECE_BINS),
  };
}

/** Slope b of the two-parameter logistic fit y ~ a + b·lp, by Newton's method. */
function fitSlope(y: ArrayLike<number>, lp: Float64Array): number {
  let a = 0;
  let b = 1;
  for (let it = 0; it < NEWTON_STEPS; it++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < lp.length; i++) {
      const q = 1 / (1 + Math.exp(-(a + b * lp[i])));
      const r = q - y[i];
      const v = q * (1 - q);
      ga += r;
      gb += r * lp[i];
      haa += v;
      hab += v * lp[i];
      hbb += v * lp[i] * lp[i];
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-300)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return b;
}

/** Intercept a of the logistic fit y ~ a + offset(lp), by Newton's method. */
function fitOffsetIntercept(y: ArrayLike<number>, lp: Float64Array): number {
  let a = 0;
  for (let it = 0; it < NEWTON_STEPS; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < lp.length; i++) {
      const q = 1 / (1 + Math.exp(-(a + lp[i])));
      g += q - y[i];
      h += q * (1 - q);
    }
    if (!(h > 0)) break;
    a -= g / h;
    if (Math.abs(g / h) < 1e-12) break;
  }
  return a;
}

/** Expected calibration error with `bins` equal-width bins over [0, 1] (p = 1 falls in the last). */
export function expectedCalibrationError(y: ArrayLike<number>, prob: ArrayLike<number>, bins = ECE_BINS): number {
  const count = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(Math.max(Math.floor(prob[i] * bins), 0), bins - 1);
    count[b]++;
    sumY[b] += y[i];
    sumP[b] += prob[i];
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += Math.abs(sumY[b] - sumP[b]);
  return y.length ? ece / y.length : Number.NaN;
}
