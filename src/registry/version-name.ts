import { RiskgateError } from '../errors.js';

/** A parsed version name `model-vMAJOR.MINOR.PATCH-YYYYMMDD-HHMM`. */
export interface VersionName {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The UTC stamp `YYYYMMDD-HHMM` of the moment the version was named. */
  readonly stamp: string;
}

/** The grammar of a version name; the stamp is checked further by {@link parseVersion}. */
const VERSION_PATTERN = /^model-v(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})-(\d{8})-(\d{4})$/;

/** True when `name` is a well-formed version name (a real calendar date and time). */
export function isVersionName(name: string): boolean {
  return tryParseVersion(name) !== null;
}

/** Parses a version name, or null when it is malformed (never throws). */
export function tryParseVersion(name: string): VersionName | null {
  const m = VERSION_PATTERN.exec(name);
  if (!m) return null;
  const [, major, minor, patch, day, time] = m;
  // Round-trip through Date so 20261331 or 2575 are refused, not silently normalised.
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:00Z`;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 16) !== iso.slice(0, 16)) return null;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), stamp: `${day}-${time}` };
}

/** Parses a version name; throws BAD_REQUEST explaining the expected form. */
export function parseVersion(name: string): VersionName {
  const v = tryParseVersion(name);
  if (!v) throw new RiskgateError('BAD_REQUEST', { reason: `"${name}" is not a version name; expected model-vMAJOR.MINOR.PATCH-YYYYMMDD-HHMM (e.g. model-v1.2.0-20261123-1530)` });
  return v;
}

/** The UTC stamp `YYYYMMDD-HHMM` of a moment. */
export function formatStamp(at: Date): string {
  const iso = at.toISOString(); // 2026-11-23T15:30:12.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/** Formats a version name from its parts. */
export function formatVersion(v: VersionName): string {
  return `model-v${v.major}.${v.minor}.${v.patch}-${v.stamp}`;
}

/** `MAJOR.MINOR.PATCH` of a version (the release number without its stamp). */
export function releaseOf(v: VersionName): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * Orders versions by MAJOR, MINOR, PATCH, then stamp: negative when a < b, 0 when equal,
 * positive when a > b. Accepts names or parsed versions.
 */
export function compareVersions(a: VersionName | string, b: VersionName | string): number {
  const x = typeof a === 'string' ? parseVersion(a) : a;
  const y = typeof b === 'string' ? parseVersion(b) : b;
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch || (x.stamp < y.stamp ? -1 : x.stamp > y.stamp ? 1 : 0);
}
