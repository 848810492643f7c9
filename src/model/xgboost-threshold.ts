const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The float32 just below `t` (t must already be a float32 value). */
function nextDownFloat32(t: number): number {
  f32[0] = t;
  if (t === 0) i32[0] = 0x80000001 | 0; // the negative subnormal closest to zero
  else i32[0] += t > 0 ? -1 : 1;
  return f32[0];
}

/** The float64 just above `d`. */
function nextUpFloat64(d: number): number {
  if (d === 0) return Number.MIN_VALUE;
  f64[0] = d;
  i64[0] += d > 0 ? 1n : -1n;
  return f64[0];
}

/**
 * Converts an XGBoost split condition into an equivalent float64 threshold.
 *
 * XGBoost stores inputs as float32 and goes left when `float32(x) < t`. Our ensembles compare
 * the float64 input directly (`x < threshold`), which disagrees for inputs that lie just
 * below `t` but round up to it. `float32(x) < t` holds exactly when x is below the midpoint
 * between t and the float32 under it — or on that midpoint when ties-to-even rounds it down —
 * so that midpoint (or the float64 after it) reproduces XGBoost's branch for every float64
 * input. The midpoint is exact in float64, which has 29 more mantissa bits than float32.
 */
export function xgboostThreshold(condition: number): number {
  const t = Math.fround(condition);
  const below = nextDownFloat32(t);
  if (!Number.isFinite(below) || !Number.isFinite(t)) return t;
  const mid = (t + below) / 2;
  return Math.fround(mid) === t ? mid : nextUpFloat64(mid);
}
