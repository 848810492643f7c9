import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

// cgroup v2 and v1 files holding the container's memory limit.
const CGROUP_LIMIT_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];
// cgroup v1 reports "no limit" as a huge number near 2^63.
const NO_LIMIT_ABOVE = 2 ** 60;

/**
 * The memory limit of this process in bytes: the container's cgroup limit when there is one
 * (Kubernetes `resources.limits.memory`, Docker `--memory`), else the machine's total memory.
 */
export function readMemoryLimit(files: readonly string[] = CGROUP_LIMIT_FILES): number {
  for (const file of files) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      const v = Number(text);
      if (text !== 'max' && Number.isFinite(v) && v > 0 && v < NO_LIMIT_ABOVE) return Math.min(v, totalmem());
    } catch {
      // not in a cgroup with this file: try the next
    }
  }
  return totalmem();
}

/** Resident memory of this process as a fraction of `limitBytes` (what the HighMemory alert reads). */
export function measureMemoryFraction(limitBytes: number): number {
  return limitBytes > 0 ? process.memoryUsage.rss() / limitBytes : Number.NaN;
}
