import type { Dataset } from '../data/index.js';

/** Factors the fairness gate and the model card break results down by. */
export const SUBGROUP_FACTORS = ['sex', 'age'] as const;
export type SubgroupFactor = (typeof SUBGROUP_FACTORS)[number];

/** One subgroup of a data set: the rows it holds. */
export interface Subgroup {
  readonly factor: SubgroupFactor;
  readonly group: string;
  readonly rows: readonly number[];
}

/** Age bands of the fairness gate: < 50, 50–64, ≥ 65 years. */
export const AGE_BANDS = [
  { group: 'age < 50', min: -Infinity, max: 50 },
  { group: 'age 50-64', min: 50, max: 65 },
  { group: 'age >= 65', min: 65, max: Infinity },
] as const;

/** Labels of the sex codes (heart signature: 0 female, 1 male). */
const SEX_GROUPS = [
  { group: 'female', code: 0 },
  { group: 'male', code: 1 },
] as const;

/**
 * The sex and age-band subgroups of a data set, when it has `sex` and `age` columns (rows
 * missing the value belong to no group of that factor). Groups are listed even when empty so
 * a report shows that nobody was there.
 */
export function defineSubgroups(data: Dataset): Subgroup[] {
  const p = data.features.length;
  const out: Subgroup[] = [];
  const sex = data.features.indexOf('sex');
  if (sex >= 0) {
    for (const s of SEX_GROUPS) {
      const rows: number[] = [];
      for (let i = 0; i < data.n; i++) if (data.x[i * p + sex] === s.code) rows.push(i);
      out.push({ factor: 'sex', group: s.group, rows });
    }
  }
  const age = data.features.indexOf('age');
  if (age >= 0) {
    for (const band of AGE_BANDS) {
      const rows: number[] = [];
      for (let i = 0; i < data.n; i++) {
        const v = data.x[i * p + age];
        if (v >= band.min && v < band.max) rows.push(i);
      }
      out.push({ factor: 'age', group: band.group, rows });
    }
  }
  return out;
}
