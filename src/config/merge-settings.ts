/** True for plain `{}` objects (not arrays, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Layers settings: objects merge key by key, recursively; arrays and scalars from a later
 * layer replace earlier ones (a list of origins is a value, not something to append to).
 * Never mutates its inputs; unknown keys are carried through so the schema can name them.
 */
export function mergeSettings(...layers: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!isPlainObject(layer)) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isPlainObject(value) && isPlainObject(current) ? mergeSettings(current, value) : isPlainObject(value) ? mergeSettings(value) : value;
    }
  }
  return out;
}

/** Freezes an object graph in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
