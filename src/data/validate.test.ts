import { describe, expect, expectTypeOf, it } from 'vitest';
import { HEART_SIGNATURE } from './heart-signature.js';
import { featureNames, permissiveSignature } from './signature.js';
import { summarizeProblems } from './summarize-problems.js';
import { PROBLEM_CODES, validate, type Problem } from './validate.js';
import { validateRows } from './validate-rows.js';

/** A complete, valid patient (the first Cleveland row). */
const PATIENT = { age: 63, sex: 1, cp: 1, trestbps: 145, chol: 233, fbs: 1, restecg: 2, thalach: 150, exang: 0, oldpeak: 2.3, slope: 3, ca: 0, thal: 6 };

function problemsOf(input: unknown, sig = HEART_SIGNATURE): Problem[] {
  const r = validate(input, sig);
  if (r.ok) throw new Error('expected problems');
  return [...r.problems];
}

describe('validate', () => {
  it('returns the row in signature order', () => {
    const r = validate(PATIENT, HEART_SIGNATURE);
    expect(r.ok).toBe(true);
    if (r.ok) expect([...r.row]).toEqual(featureNames(HEART_SIGNATURE).map((n) => PATIENT[n as keyof typeof PATIENT]));
  });

  it('reads null and absent fields as missing (NaN) where missing is allowed', () => {
    const { chol: _chol, ...noChol } = PATIENT;
    for (const input of [{ ...PATIENT, chol: null, thal: null }, { ...noChol, thal: null }]) {
      const r = validate(input, HEART_SIGNATURE);
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.row[4]).toBeNaN();
        expect(r.row[12]).toBeNaN();
        expect(r.row[0]).toBe(63);
      }
    }
  });

  it('refuses null or absence where a value is required', () => {
    const { age: _age, ...noAge } = PATIENT;
    const problems = problemsOf({ ...noAge, sex: null });
    expect(problems.map((p) => [p.field, p.code])).toEqual([['age', 'REQUIRED_MISSING'], ['sex', 'REQUIRED_MISSING']]);
  });

  it('rejects an implausible value with the range and unit', () => {
    const [p] = problemsOf({ ...PATIENT, chol: 0 });
    expect(p).toMatchObject({ field: 'chol', code: 'OUT_OF_RANGE', range: { min: 80, max: 700 }, unit: 'mg/dl' });
    expect(p.message).toContain('80–700 mg/dl');
    expect(p.message).toContain('null');
    const [a] = problemsOf({ ...PATIENT, age: 500 });
    expect(a.message).toContain('500 years');
    expect(a.message).toContain('18–110 years');
  });

  it('accepts the range bounds themselves', () => {
    expect(validate({ ...PATIENT, age: 18, oldpeak: -3 }, HEART_SIGNATURE).ok).toBe(true);
    expect(validate({ ...PATIENT, age: 110, oldpeak: 7 }, HEART_SIGNATURE).ok).toBe(true);
  });

  it('refuses codes that are not declared and lists the allowed ones', () => {
    const problems = problemsOf({ ...PATIENT, cp: 0, sex: 0.5, thal: 5 });
    expect(problems.map((p) => [p.field, p.code])).toEqual([['sex', 'CODE_NOT_ALLOWED'], ['cp', 'CODE_NOT_ALLOWED'], ['thal', 'CODE_NOT_ALLOWED']]);
    expect(problems[1].allowed?.map((c) => c.value)).toEqual([1, 2, 3, 4]);
    expect(problems[1].message).toContain('4 (asymptomatic)');
  });

  it('is strict about types: numeric strings, booleans, NaN and Infinity are wrong', () => {
    const problems = problemsOf({ ...PATIENT, age: '63', sex: true, trestbps: Number.NaN, chol: Infinity, thalach: -Infinity, oldpeak: [2.3], slope: { v: 3 }, ca: 10n });
    expect(problems.every((p) => p.code === 'WRONG_TYPE')).toBe(true);
    expect(problems.map((p) => p.field)).toEqual(['age', 'sex', 'trestbps', 'chol', 'thalach', 'oldpeak', 'slope', 'ca']);
    expect(problems[0].message).toContain('the string "63"');
  });

  it('reports unknown fields, and every problem at once', () => {
    const problems = problemsOf({ ...PATIENT, age: 500, cholesterol: 233, chol: undefined, sex: null, extra: 'x' });
    expect(problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['age:OUT_OF_RANGE', 'cholesterol:UNKNOWN_FIELD', 'extra:UNKNOWN_FIELD', 'sex:REQUIRED_MISSING']);
  });

  it('refuses anything that is not a plain object', () => {
    for (const input of [null, undefined, 0, 'x', [], [PATIENT], new Date(), new Map(), Symbol('s'), () => 1, 12n]) {
      expect(problemsOf(input)).toEqual([expect.objectContaining({ field: '', code: 'NOT_AN_OBJECT' })]);
    }
  });

  it('never throws, whatever it is given (fuzz)', () => {
    const weird: unknown[] = [
      null, undefined, Number.NaN, Infinity, -Infinity, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, -0,
      '', '1', '1e3', ' 63 ', 'NaN', 'x'.repeat(10_000), true, false, [], [1], {}, { a: { b: { c: [] } } },
      Symbol('s'), 10n, () => 0, new Date(0), Object.create(null), new Proxy({}, { get: () => { throw new Error('boom'); } }),
      { toString: () => { throw new Error('boom'); } }, { valueOf: () => 63 },
    ];
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const names = [...featureNames(HEART_SIGNATURE), '__proto__', 'constructor', 'toString', ''];
    const signatures = [HEART_SIGNATURE, permissiveSignature(featureNames(HEART_SIGNATURE))];
    const codes = new Set<string>(PROBLEM_CODES);
    const unsound: unknown[] = [];
    for (let i = 0; i < 3000; i++) {
      const input: Record<string, unknown> = Object.create(rand() < 0.1 ? null : Object.prototype);
      for (const name of names) if (rand() < 0.7) input[name] = rand() < 0.5 ? weird[Math.floor(rand() * weird.length)] : Math.round(rand() * 300);
      for (const sig of signatures) {
        const r = validate(input, sig);
        const sound = r.ok ? r.row.every((v) => Number.isNaN(v) || Number.isFinite(v)) : r.problems.length > 0 && r.problems.every((p) => codes.has(p.code) && typeof p.message === 'string');
        if (!sound) unsound.push(r);
      }
    }
    expect(unsound).toEqual([]);
    for (const w of weird) expect(() => validate(w, HEART_SIGNATURE)).not.toThrow();
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('boom'); }, getPrototypeOf: () => Object.prototype });
    expect(problemsOf(hostile)[0].code).toBe('NOT_AN_OBJECT');
    const getter = Object.defineProperty({ ...PATIENT }, 'age', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(problemsOf(getter)[0].code).toBe('NOT_AN_OBJECT');
  });

  it('treats __proto__ as an unknown field, not as the prototype', () => {
    const input = JSON.parse(`{"__proto__": {"age": 63}, ${JSON.stringify(PATIENT).slice(1)}`) as unknown;
    expect(problemsOf(input).map((p) => p.code)).toEqual(['UNKNOWN_FIELD']);
  });

  it('accepts any finite number or null under a permissive signature', () => {
    const sig = permissiveSignature(['a', 'b', 'c']);
    const r = validate({ a: -1e300, b: null, c: 500 }, sig);
    expect(r.ok).toBe(true);
    if (r.ok) expect([...r.row]).toEqual([-1e300, Number.NaN, 500]);
    expect(problemsOf({ a: '1', d: 1 }, sig).map((p) => `${p.field}:${p.code}`)).toEqual(['d:UNKNOWN_FIELD', 'a:WRONG_TYPE']);
  });

  it('summarizes problems in one line', () => {
    expect(summarizeProblems(problemsOf({ ...PATIENT, age: 500, sex: null }))).toBe('age: OUT_OF_RANGE; sex: REQUIRED_MISSING');
    expect(summarizeProblems(problemsOf(7))).toBe('NOT_AN_OBJECT');
  });
});

describe('validateRows', () => {
  it('packs valid rows into a row-major matrix', () => {
    const r = validateRows([PATIENT, { ...PATIENT, age: 40, chol: null }], HEART_SIGNATURE);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.n).toBe(2);
      expect(r.x[13]).toBe(40);
      expect(r.x[13 + 4]).toBeNaN();
    }
  });

  it('lists every bad row by index', () => {
    const r = validateRows([PATIENT, { ...PATIENT, age: 5 }, 'x', PATIENT], HEART_SIGNATURE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rows.map((b) => [b.index, b.problems[0].code])).toEqual([[1, 'OUT_OF_RANGE'], [2, 'NOT_AN_OBJECT']]);
    const notArray = validateRows({ 0: PATIENT }, HEART_SIGNATURE);
    expect(notArray.ok ? null : notArray.rows[0].index).toBe(-1);
  });
});

describe('validate types', () => {
  it('narrows the result on ok', () => {
    const r = validate({}, HEART_SIGNATURE);
    if (r.ok) expectTypeOf(r.row).toEqualTypeOf<Float64Array>();
    else expectTypeOf(r.problems[0].code).toEqualTypeOf<(typeof PROBLEM_CODES)[number]>();
    expectTypeOf<Problem['field']>().toEqualTypeOf<string>();
  });
});
