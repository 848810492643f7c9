import { HEART_SIGNATURE, loadDataset, validate } from '../../data/index.js';

/** One real patient replayed as traffic: an id, the measurements, and the outcome to feed back later. */
export interface ReplayPatient {
  readonly patientId: string;
  readonly features: Readonly<Record<string, number | null>>;
  readonly outcome: 0 | 1;
}

/**
 * The patients of UCI sites (e.g. `uci:va,uci:switzerland`) that the heart signature accepts
 * (missing values where it allows them, null in the body), with ids `<prefix>-<row>`. Rows
 * the signature refuses are left out: they would be 400s, not traffic.
 */
export function loadReplayPatients(source: string, prefix = 'patient'): ReplayPatient[] {
  const d = loadDataset(source);
  const p = d.features.length;
  const out: ReplayPatient[] = [];
  for (let i = 0; i < d.n; i++) {
    const features: Record<string, number | null> = {};
    d.features.forEach((name, j) => {
      const v = d.x[i * p + j];
      features[name] = Number.isNaN(v) ? null : v;
    });
    if (validate(features, HEART_SIGNATURE).ok) out.push({ patientId: `${prefix}-${i + 1}`, features, outcome: d.y[i] === 1 ? 1 : 0 });
  }
  return out;
}
