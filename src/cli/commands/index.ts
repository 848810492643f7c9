import type { Command } from 'commander';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';
import { registerCv } from './cv.js';
import { registerEvaluate } from './evaluate.js';

/** Adds one sub-command (with its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `riskgate`, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerPredict,
  registerTrain,
  registerCv,
  registerEvaluate,
];
