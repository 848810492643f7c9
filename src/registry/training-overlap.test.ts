import { describe, expect, it } from 'vitest';
import { describeTrainingOverlap } from './training-overlap.js';
import { HEART_VALIDATION_ID } from './validation-set.js';

const trained = (...ids: string[]) => ({ training_data: { ids, sha256: '0'.repeat(64), rows: 100 } });

describe('describeTrainingOverlap', () => {
  it('names whole sites the validation set draws on, and nothing else', () => {
    expect(describeTrainingOverlap(trained('uci:cleveland'), HEART_VALIDATION_ID)).toMatch(/whole Cleveland file.*optimistic/);
    expect(describeTrainingOverlap(trained('uci:cleveland', 'uci:hungarian'), HEART_VALIDATION_ID)).toMatch(/Cleveland.*and all 294 Hungarian/);
    expect(describeTrainingOverlap(trained('uci:cleveland[train]', 'uci:va'), HEART_VALIDATION_ID)).toBeNull();
    expect(describeTrainingOverlap(trained('uci:cleveland'), 'file:x.csv#abc')).toBeNull();
    expect(describeTrainingOverlap({ training_data: null }, HEART_VALIDATION_ID)).toBeNull();
  });
});
