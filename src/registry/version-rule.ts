import { RiskgateError } from '../errors.js';
import { compareVersions, formatStamp, formatVersion, parseVersion, releaseOf, type VersionName } from './version-name.js';

/** Kinds of change between two versions, from the largest to the smallest. */
export const CHANGE_KINDS = ['major', 'minor', 'patch'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Why each kind of change needs its bump; used in refusals. */
const CHANGE_REASONS: Record<ChangeKind, string> = {
  major: 'the input signature changed, which needs a MAJOR bump',
  minor: 'the model file changed (retrained), which needs at least a MINOR bump',
  patch: 'the metadata or threshold changed, which needs at least a PATCH bump',
};

/** What the version rule compares between two versions. */
export interface VersionFacts {
  /** Canonical JSON of the signature's features (see sameSignature). */
  readonly signatureKey: string;
  /** SHA-256 of the model file. */
  readonly modelChecksum: string;
  /** Canonical JSON of the metadata fields that matter (threshold included, timestamps excluded). */
  readonly metadataKey: string;
}

/** The smallest change between `previous` and `next`, or null when nothing changed. */
export function classifyChange(previous: VersionFacts, next: VersionFacts): ChangeKind | null {
  if (previous.signatureKey !== next.signatureKey) return 'major';
  if (previous.modelChecksum !== next.modelChecksum) return 'minor';
  if (previous.metadataKey !== next.metadataKey) return 'patch';
  return null;
}

/** The bump from release a to release b, or null when b is not above a. */
export function bumpBetween(a: VersionName, b: VersionName): ChangeKind | null {
  if (b.major !== a.major) return b.major > a.major ? 'major' : null;
  if (b.minor !== a.minor) return b.minor > a.minor ? 'minor' : null;
  if (b.patch !== a.patch) return b.patch > a.patch ? 'patch' : null;
  return null;
}

/**
 * The next version after `previous` for a change of the given kind, stamped with `now` (UTC).
 * With no previous version the first release is 1.0.0.
 */
export function nextVersion(previous: string | null, change: ChangeKind, now: Date): string {
  const stamp = formatStamp(now);
  if (previous === null) return formatVersion({ major: 1, minor: 0, patch: 0, stamp });
  const p = parseVersion(previous);
  if (change === 'major') return formatVersion({ major: p.major + 1, minor: 0, patch: 0, stamp });
  if (change === 'minor') return formatVersion({ major: p.major, minor: p.minor + 1, patch: 0, stamp });
  return formatVersion({ major: p.major, minor: p.minor, patch: p.patch + 1, stamp });
}

/** An existing version as the rule sees it. */
export interface ExistingVersion {
  readonly version: string;
  readonly facts: VersionFacts;
}

/**
 * Checks that `proposed` may be registered beside `existing`: its release number is new,
 * and against its predecessor (the highest existing release below it) it bumps at least the
 * level its change needs (signature → MAJOR; model file → MINOR; metadata → PATCH); an
 * identical artifact is refused. Bumping more than needed is allowed. Throws
 * VERSION_RULE_BROKEN saying why; returns the change kind (null for the first version).
 */
export function checkVersionRule(proposed: string, facts: VersionFacts, existing: readonly ExistingVersion[]): ChangeKind | null {
  const v = parseVersion(proposed);
  const refuse = (reason: string): never => {
    throw new RiskgateError('VERSION_RULE_BROKEN', { version: proposed, reason });
  };
  const sameRelease = existing.find((e) => releaseOf(parseVersion(e.version)) === releaseOf(v));
  if (sameRelease) refuse(`release ${releaseOf(v)} already exists as ${sameRelease.version}`);
  const below = existing.filter((e) => compareVersions(e.version, v) < 0).sort((a, b) => compareVersions(a.version, b.version));
  const predecessor = below.at(-1);
  if (!predecessor) return null;
  const change = classifyChange(predecessor.facts, facts);
  if (change === null) refuse(`it is identical to ${predecessor.version} (same signature, model file and metadata)`);
  const bump = bumpBetween(parseVersion(predecessor.version), v) as ChangeKind;
  const rank = (k: ChangeKind): number => CHANGE_KINDS.indexOf(k);
  if (rank(bump) > rank(change as ChangeKind)) {
    refuse(`against ${predecessor.version} ${CHANGE_REASONS[change as ChangeKind]}, but it is only a ${bump.toUpperCase()} bump (next allowed: ${nextVersion(predecessor.version, change as ChangeKind, parseStampDate(v.stamp))})`);
  }
  return change;
}

/** The moment a stamp names (UTC). */
function parseStampDate(stamp: string): Date {
  return new Date(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`);
}
