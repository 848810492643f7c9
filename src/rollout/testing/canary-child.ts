// A process that runs a canary on a SQLite store until it reaches 25 %, says so on stdout and
// then idles until killed: the restart test kills it with SIGKILL and recovers in the parent.
// Usage: node --import tsx canary-child.ts DB_FILE START_MS
import { openStore } from '../../store/index.js';
import { RolloutController } from '../rollout-controller.js';
import { syntheticArm } from '../test-arms.js';

const [file, startArg] = process.argv.slice(2);
let now = Number(startArg);
const store = await openStore(`sqlite:${file}`);
const run = await store.migrate();
if (run.error) throw run.error;
const healthy = { candidate: syntheticArm({ seed: 3 }), baseline: syntheticArm({ seed: 2 }) };
const noop = async () => {};
const controller = new RolloutController({
  env: 'production',
  repository: store.rollouts,
  clock: () => now,
  metrics: {
    observeArm: async (q) => (q.arm === 'canary' ? healthy.candidate : healthy.baseline),
    observeShadow: async () => { throw new Error('no shadow here'); },
  },
  effects: {
    loadModel: noop, unloadModel: noop, setTrafficPlan: noop, moveAlias: noop, recordEvent: noop, notify: noop,
    runSmokeTest: async () => ({ passed: true, summary: 'n/a' }),
  },
  versions: { productionVersion: async () => 'v1', hasVersion: async () => true, previousProductionVersion: async () => null },
});
const started = await controller.start({ version: 'v2', strategy: 'canary', bake: '10m', actor: 'child' });
now += 10 * 60_000;
const view = await controller.tick().then(() => controller.status(started.id));
process.stdout.write(`${JSON.stringify({ id: view.id, canaryWeight: view.canaryWeight, stepIndex: view.stepIndex, now })}\n`);
setInterval(() => {}, 60_000); // idle: the parent kills this process
