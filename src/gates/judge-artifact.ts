import type { SmokeMismatch, VersionIntegrity } from '../registry/index.js';
import type { GateResult } from './gate-result.js';

/** Compatibility facts: the candidate's and production's signature hashes and major versions. */
export interface CompatibilityFacts {
  readonly production: { readonly version: string; readonly signatureHash: string; readonly major: number } | null;
  readonly candidate: { readonly version: string; readonly signatureHash: string; readonly major: number };
}

/** Compatibility: the same signature as production, or a MAJOR bump over it. */
export function judgeCompatibility(f: CompatibilityFacts): GateResult {
  const threshold = 'same signature as production, or a MAJOR bump';
  const base = { gate: 'compatibility', value: null, ci95: null, threshold } as const;
  if (!f.production) return { ...base, status: 'pass', sentence: 'There is no production version, so any signature is compatible.', details: {} };
  const details = { production: f.production.version, sameSignature: f.production.signatureHash === f.candidate.signatureHash };
  if (f.production.version === f.candidate.version) return { ...base, status: 'pass', sentence: 'This version is the production version.', details };
  if (details.sameSignature) return { ...base, status: 'pass', sentence: `The input signature is the same as production ${f.production.version}'s, so every caller keeps working.`, details };
  if (f.candidate.major > f.production.major) return { ...base, status: 'pass', sentence: `The input signature differs from production ${f.production.version}'s and the version is a MAJOR bump, as a breaking change must be.`, details };
  return { ...base, status: 'fail', sentence: `The input signature differs from production ${f.production.version}'s but the MAJOR version did not increase, so callers would break without warning.`, details };
}

/** Integrity: the artifact verifies against its checksums and holds data files only. */
export function judgeIntegrity(i: VersionIntegrity): GateResult {
  return {
    gate: 'integrity', status: i.ok ? 'pass' : 'fail', value: null, ci95: null, threshold: 'checksums verify; JSON and text files only',
    sentence: i.ok ? `Every file matches checksums.sha256 (artifact ${i.checksum.slice(0, 12)}…) and holds data only.` : `The artifact is not intact: ${i.file}: ${i.reason}.`,
    details: { checksum: i.checksum, file: i.file, reason: i.reason },
  };
}

/** Section titles a model card must have (Mitchell et al., 2019). */
export const REQUIRED_CARD_SECTIONS = ['Model details', 'Intended use', 'Out-of-scope uses', 'Factors', 'Metrics', 'Evaluation data', 'Training data', 'Quantitative analyses', 'Ethical considerations', 'Caveats and recommendations'] as const;

/** Documentation: a model card exists in the artifact and has every section. */
export function judgeDocumentation(card: string | null): GateResult {
  const base = { gate: 'documentation', value: null, ci95: null, threshold: 'card.md with every model-card section' } as const;
  if (card === null) return { ...base, status: 'fail', sentence: 'The version has no model card.', details: {} };
  const missing = REQUIRED_CARD_SECTIONS.filter((s) => !card.includes(`## ${s}`));
  return missing.length
    ? { ...base, status: 'fail', sentence: `The model card lacks sections: ${missing.join(', ')}.`, details: { missing } }
    : { ...base, status: 'pass', sentence: 'A model card with every section (details, intended use, factors, metrics, data, subgroups, ethics, caveats) exists.', details: {} };
}

/** Stability: the artifact reproduces its stored smoke-set outputs exactly. */
export function judgeStability(cases: number | null, mismatches: readonly SmokeMismatch[]): GateResult {
  const base = { gate: 'stability', ci95: null, threshold: 'smoke set reproduced bit for bit' } as const;
  if (cases === null) return { ...base, status: 'fail', value: null, sentence: 'The version has no smoke set to check.', details: {} };
  if (mismatches.length === 0) return { ...base, status: 'pass', value: 0, sentence: `All ${cases} smoke-set patients get exactly the outputs stored at registration.`, details: { cases } };
  const m = mismatches[0];
  return { ...base, status: 'fail', value: mismatches.length, sentence: `${mismatches.length} of ${cases} smoke-set patients get different outputs than at registration (e.g. case ${m.index}: ${m.expected.probability} then, ${m.actual.probability} now).`, details: { cases, mismatches: mismatches.slice(0, 5) } };
}
