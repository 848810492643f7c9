import { describe, expect, it } from 'vitest';
import { newPredictionId } from './prediction-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newPredictionId', () => {
  it('is a UUIDv7 carrying the time in its first 48 bits', () => {
    const at = Date.UTC(2026, 10, 23, 19, 30, 0, 123);
    const id = newPredictionId(at);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts by time across milliseconds and never repeats', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newPredictionId(1_800_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(1000);
    const prefixes = ids.map((id) => id.slice(0, 13));
    expect([...prefixes].sort()).toEqual(prefixes);
  });
});
