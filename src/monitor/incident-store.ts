/** An alert incident: one firing period of a rule for one subject (the store's IncidentRecord shape). */
export interface Incident {
  readonly id: string;
  readonly rule: string;
  /** The subject within the rule, e.g. "1.3.0/canary"; '' when none. */
  readonly key: string;
  readonly severity: string;
  readonly state: 'firing' | 'resolved';
  readonly startedAt: number;
  readonly resolvedAt: number | null;
  readonly lastNotifiedAt: number | null;
  readonly details: { readonly [key: string]: unknown };
}

/** What opening an incident takes. */
export type NewIncident = Omit<Incident, 'state' | 'resolvedAt' | 'lastNotifiedAt'>;

/**
 * Where incidents live: the part of the store's `AlertRepository` the alert manager uses, so
 * `store.alerts` can be passed as it is; {@link MemoryIncidentStore} otherwise.
 */
export interface IncidentStore {
  /** Opens an incident unless one is already firing for (rule, key); returns the firing one and whether it is new. */
  open(incident: NewIncident): Promise<{ readonly incident: Incident; readonly created: boolean }>;
  /** Resolves the firing incident of (rule, key) at `at`; returns it, or null if none was firing. */
  resolve(rule: string, key: string, at: number): Promise<Incident | null>;
  /** Records that a notification was sent. */
  markNotified(id: string, at: number): Promise<void>;
  /** Incidents newest first, optionally by state. */
  list(options?: { readonly state?: 'firing' | 'resolved'; readonly limit?: number }): Promise<readonly Incident[]>;
}

/** Incidents kept in process memory (a single process without a database, and tests). Bounded by `maxIncidents`. */
export class MemoryIncidentStore implements IncidentStore {
  readonly #incidents: Incident[] = [];
  readonly #max: number;

  constructor(maxIncidents = 10_000) {
    this.#max = maxIncidents;
  }

  async open(incident: NewIncident): Promise<{ incident: Incident; created: boolean }> {
    const firing = this.#incidents.find((i) => i.state === 'firing' && i.rule === incident.rule && i.key === incident.key);
    if (firing) return { incident: firing, created: false };
    const created: Incident = { ...incident, state: 'firing', resolvedAt: null, lastNotifiedAt: null };
    this.#incidents.push(created);
    // Drop the oldest resolved incidents past the bound; firing ones are always kept.
    while (this.#incidents.length > this.#max) {
      const k = this.#incidents.findIndex((i) => i.state === 'resolved');
      if (k < 0) break;
      this.#incidents.splice(k, 1);
    }
    return { incident: created, created: true };
  }

  async resolve(rule: string, key: string, at: number): Promise<Incident | null> {
    const k = this.#incidents.findIndex((i) => i.state === 'firing' && i.rule === rule && i.key === key);
    if (k < 0) return null;
    const resolved: Incident = { ...this.#incidents[k], state: 'resolved', resolvedAt: at };
    this.#incidents[k] = resolved;
    return resolved;
  }

  async markNotified(id: string, at: number): Promise<void> {
    const k = this.#incidents.findIndex((i) => i.id === id);
    if (k >= 0) this.#incidents[k] = { ...this.#incidents[k], lastNotifiedAt: at };
  }

  async list(options: { readonly state?: 'firing' | 'resolved'; readonly limit?: number } = {}): Promise<readonly Incident[]> {
    const all = this.#incidents.filter((i) => options.state === undefined || i.state === options.state).reverse();
    return all.slice(0, options.limit ?? 50);
  }
}
