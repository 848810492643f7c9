import type { Command } from 'commander';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';
import { registerCv } from './cv.js';
import { registerEvaluate } from './evaluate.js';
import { registerScore } from './score.js';
import { registerWorker } from './worker.js';
import { registerKeys } from './keys.js';
import { registerAudit } from './audit.js';
import { registerMigrate } from './migrate.js';
import { registerBackup } from './backup.js';
import { registerRestore } from './restore.js';
import { registerDoctor } from './doctor.js';
import { registerServe } from './serve.js';
import { registerConfig } from './config.js';
import { registerModels } from './models.js';
import { registerDrift } from './drift.js';
import { registerDeploy } from './deploy.js';
import { registerRollout } from './rollout.js';
import { registerRollback } from './rollback.js';
import { registerSmokeTest } from './smoke-test.js';
import { registerReport } from './report.js';
import { registerDemo } from './demo.js';

/** Adds one sub-command (with its options and action) to the program. */
export type RegisterCommand = (program: Command) => void;

/** Every sub-command of `riskgate`, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerServe,
  registerConfig,
  registerPredict,
  registerTrain,
  registerCv,
  registerEvaluate,
  registerScore,
  registerWorker,
  registerKeys,
  registerAudit,
  registerMigrate,
  registerBackup,
  registerRestore,
  registerDoctor,
  registerModels,
  registerDrift,
  registerDeploy,
  registerRollout,
  registerRollback,
  registerSmokeTest,
  registerReport,
  registerDemo,
];
