import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { AuditEntry } from './store.js';

/**
 * The hash of one audit record: SHA-256 (hex) of the previous record's hash followed by the
 * canonical JSON of this record's content including its seq, so reordering, altering or
 * removing a record breaks the link that follows it.
 */
export function hashAuditRecord(prevHash: string, seq: number, entry: AuditEntry): string {
  const content = canonicalJson({
    seq, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target,
    ip: entry.ip, result: entry.result, details: entry.details,
  });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}
