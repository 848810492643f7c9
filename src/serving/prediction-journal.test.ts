import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PredictionJournal } from './prediction-journal.js';

describe('PredictionJournal.findRecord', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rg-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (r: object) => `${JSON.stringify(r)}\n`;

  it('finds a record by the start of its line, newest file first, past files deleted meanwhile', () => {
    const older = join(dir, 'older');
    const newer = join(dir, 'newer');
    writeFileSync(older, line({ id: 'a', v: 1 }) + line({ id: 'b', v: 1 }));
    writeFileSync(newer, line({ id: 'b', v: 2 }) + line({ id: 'c', v: 2 }) + '{"id":"torn","v');
    const files = [older, newer, join(dir, 'deleted')];
    expect(PredictionJournal.findRecord(files, 'a')).toEqual({ id: 'a', v: 1 });
    expect(PredictionJournal.findRecord(files, 'b')).toEqual({ id: 'b', v: 2 });
    expect(PredictionJournal.findRecord(files, 'c')).toEqual({ id: 'c', v: 2 });
    expect(PredictionJournal.findRecord(files, 'torn')).toBeUndefined();
    expect(PredictionJournal.findRecord(files, 'nowhere')).toBeUndefined();
  });

  it('does not take an id that only starts another id for it, and finds a record written with another key order', () => {
    const file = join(dir, 'live');
    writeFileSync(file, line({ id: 'x1', v: 1 }) + line({ v: 2, id: 'x' }));
    expect(PredictionJournal.findRecord([file], 'x')).toEqual({ v: 2, id: 'x' });
    expect(PredictionJournal.findRecord([file], 'x1')).toEqual({ id: 'x1', v: 1 });
  });
});
