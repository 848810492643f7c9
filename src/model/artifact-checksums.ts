import { createHash } from 'node:crypto';
import { RiskgateError } from '../errors.js';

/** Name of the checksum list inside an artifact folder. */
export const CHECKSUMS_FILE = 'checksums.sha256';

/** Artifact files are plain names in the folder itself: no paths, no hidden files. */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LINE = /^([0-9a-f]{64}) [ *](.+)$/;

/** True when `name` may be a file of an artifact. */
export function isPlainFileName(name: string): boolean {
  return PLAIN_NAME.test(name) && name !== CHECKSUMS_FILE;
}

/** Hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The checksum list in `sha256sum` format ("HASH  NAME" per line, sorted by name), so `sha256sum -c` verifies it. */
export function formatChecksums(hashes: ReadonlyMap<string, string>): string {
  return [...hashes.keys()].sort().map((name) => `${hashes.get(name)}  ${name}\n`).join('');
}

/**
 * Parses a checksum list into name → hash. Throws ARTIFACT_TAMPERED naming checksums.sha256
 * for a malformed line, a duplicate or a name that is not a plain file name.
 */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const m = LINE.exec(line);
    const reason = !m ? `line ${i + 1} is not "SHA256  NAME"` : !isPlainFileName(m[2]) ? `line ${i + 1} names "${m[2]}", which is not a plain file name` : out.has(m[2]) ? `"${m[2]}" is listed twice` : null;
    if (reason !== null || !m) throw new RiskgateError('ARTIFACT_TAMPERED', { file: CHECKSUMS_FILE, reason });
    out.set(m[2], m[1]);
  });
  return out;
}
