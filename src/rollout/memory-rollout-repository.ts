import { RiskgateError } from '../errors.js';
import type { RolloutEvent, RolloutRecord, RolloutRepository } from '../store/index.js';

/**
 * The store's RolloutRepository contract held in memory (one process, lost on exit): for
 * tests of the controller and for tools that run a rollout without a database. Mirrors the
 * SQL implementations' rules: one active rollout per env (ROLLOUT_CONFLICT), revisions
 * checked on save (CONFLICT), NOT_FOUND for a missing id.
 */
export class MemoryRolloutRepository implements RolloutRepository {
  readonly #records = new Map<string, RolloutRecord>();
  readonly #events: RolloutEvent[] = [];

  async create(record: Omit<RolloutRecord, 'revision'>): Promise<RolloutRecord> {
    if (this.#records.has(record.id)) throw new RiskgateError('CONFLICT', { reason: `Rollout ${record.id} already exists.` });
    const active = record.active ? await this.findActive(record.env) : null;
    if (active) throw new RiskgateError('ROLLOUT_CONFLICT', { active: active.id, env: record.env });
    const stored: RolloutRecord = structuredClone({ ...record, revision: 1 });
    this.#records.set(record.id, stored);
    return structuredClone(stored);
  }

  async get(id: string): Promise<RolloutRecord | null> {
    const r = this.#records.get(id);
    return r ? structuredClone(r) : null;
  }

  async findActive(env: string): Promise<RolloutRecord | null> {
    for (const r of this.#records.values()) if (r.env === env && r.active) return structuredClone(r);
    return null;
  }

  async list(options: { readonly env?: string; readonly limit?: number } = {}): Promise<readonly RolloutRecord[]> {
    const all = [...this.#records.values()].filter((r) => options.env === undefined || r.env === options.env);
    // Newest first; insertion order breaks ties of equal creation times.
    const ordered = all.map((r, i) => ({ r, i })).sort((a, b) => b.r.createdAt - a.r.createdAt || b.i - a.i).map((x) => x.r);
    return structuredClone(ordered.slice(0, options.limit ?? 50));
  }

  async save(id: string, expectedRevision: number, change: { readonly phase: string; readonly active: boolean; readonly state: RolloutRecord['state']; readonly at: number }): Promise<RolloutRecord> {
    const current = this.#records.get(id);
    if (!current) throw new RiskgateError('NOT_FOUND', { what: `Rollout ${id}` });
    if (current.revision !== expectedRevision) throw new RiskgateError('CONFLICT', { reason: `Rollout ${id} changed (revision ${current.revision}, expected ${expectedRevision}).` });
    if (change.active && !current.active) {
      const other = await this.findActive(current.env);
      if (other) throw new RiskgateError('ROLLOUT_CONFLICT', { active: other.id, env: current.env });
    }
    const next: RolloutRecord = structuredClone({ ...current, phase: change.phase, active: change.active, state: change.state, updatedAt: change.at, revision: current.revision + 1 });
    this.#records.set(id, next);
    return structuredClone(next);
  }

  async appendEvent(event: Omit<RolloutEvent, 'id'>): Promise<RolloutEvent> {
    const stored: RolloutEvent = structuredClone({ ...event, id: this.#events.length + 1 });
    this.#events.push(stored);
    return structuredClone(stored);
  }

  async listEvents(rolloutId: string): Promise<readonly RolloutEvent[]> {
    return structuredClone(this.#events.filter((e) => e.rolloutId === rolloutId));
  }
}
