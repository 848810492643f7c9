import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitBreakers, type BreakerState } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after 5 consecutive failures, half-opens after 60 s, closes on a good trial', () => {
    const changes: string[] = [];
    const b = new CircuitBreaker({}, (c) => changes.push(`${c.from}->${c.to}@${c.at}`));
    for (let t = 1; t <= 4; t++) b.recordFailure(t);
    expect(b.state(4)).toBe('closed');
    b.recordSuccess(5); // streak broken
    for (let t = 6; t <= 9; t++) b.recordFailure(t);
    expect(b.state(9)).toBe('closed');
    b.recordFailure(10);
    expect(b.state(10)).toBe('open');
    expect(b.allows(10)).toBe(false);
    expect(b.allows(60_009)).toBe(false);
    expect(b.state(60_010)).toBe('half-open');
    expect(b.allows(60_010)).toBe(true); // the one trial
    expect(b.allows(60_011)).toBe(false); // others wait for it
    b.recordSuccess(60_020);
    expect(b.state(60_020)).toBe('closed');
    expect(changes).toEqual(['closed->open@10', 'open->half-open@60010', 'half-open->closed@60020']);
    expect(b.lastOpenedAt).toBe(10);
  });

  it('re-opens when the half-open trial fails, and replaces a lost trial', () => {
    const b = new CircuitBreaker({ failureThreshold: 2, openMs: 1000 });
    b.recordFailure(0);
    b.recordFailure(1);
    expect(b.allows(1001)).toBe(true);
    b.recordFailure(1002);
    expect(b.state(1002)).toBe('open');
    expect(b.lastOpenedAt).toBe(1002);
    expect(b.allows(2002)).toBe(true); // half-open trial
    expect(b.allows(2500)).toBe(false);
    expect(b.allows(3002)).toBe(true); // the first trial never reported back
  });
});

describe('CircuitBreakers', () => {
  it('keeps one breaker per version and reports changes with the version', () => {
    const seen: [string, BreakerState][] = [];
    const board = new CircuitBreakers({ failureThreshold: 1 }, (version, c) => seen.push([version, c.to]));
    board.recordFailure('v2', 100);
    expect(board.allows('v2', 101)).toBe(false);
    expect(board.allows('v1', 101)).toBe(true);
    expect(board.openedSince('v2', 50)).toBe(true);
    expect(board.openedSince('v2', 150)).toBe(false);
    expect(board.openedSince('v9', 0)).toBe(false);
    expect(seen).toEqual([['v2', 'open']]);
    board.forget('v2');
    expect(board.allows('v2', 102)).toBe(true);
  });
});
