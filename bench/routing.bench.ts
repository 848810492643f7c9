// What rollouts cost the request path (issue 5), in process, one thread, on the server's own
// objects (createServer over a temporary SQLite store):
// 1. Routing and recording: the median of Predictor.predict (route, validate, predict +
//    explain, journal the record, observe) against the bare model work (validate, predict,
//    explain) on the same requests. Target: ≤ 0.2 ms added to the median.
// 2. Shadowing 100 % of traffic: p99 of the primary path (predict() as the HTTP handler sees
//    it) with a shadow candidate mirroring every request, against no shadow. The shadow work
//    runs after each response (the event loop turns between requests, as in the server).
//    Target: ≤ 10 % added to the p99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../src/api/create-server.js';
import { loadConfig } from '../src/config/index.js';
import { HEART_SIGNATURE, featureNames, loadDataset, validate } from '../src/data/index.js';
import { trainingDataOf, writeArtifact } from '../src/model/index.js';
import { stablePlan } from '../src/serving/index.js';
import { quantile } from '../src/stats/index.js';
import { trainModel } from '../src/train/index.js';

const N = Number(process.env.REQUESTS ?? 10_000);
const ROUNDS = 5;
const names = featureNames(HEART_SIGNATURE);


const turn = () => new Promise<void>((r) => setImmediate(r));

const dir = mkdtempSync(join(tmpdir(), 'riskgate-routing-bench-'));
const config = loadConfig({ env: 'development', cwd: dir, vars: { SECRET_KEY: 'bench-secret-5b0c1f7e2a9d4c6b8e3f1a7c5d9e2b4f' }, overrides: { monitoring: { level: 'silent' }, rollout: { tick_seconds: 3600 }, alerts: { evaluate_interval_seconds: 3600 } } });
// The bench sets traffic plans by hand: the rollout loop (which re-applies the stored plan each
// tick) and the alert evaluations are pushed out of its way.
const server = await createServer(config, { logger: false });
try {
  const d = loadDataset('uci:cleveland');
  const trained = trainModel(d, { algorithm: 'gbdt', seed: 3 });
  const artifactDir = join(mkdtempSync(join(dir, 'cand-')), 'artifact');
  writeArtifact(artifactDir, { model: trained.model, metadata: { hyperparameters: { ...trained.hyperparameters }, training_data: trainingDataOf(d), metrics: {}, threshold: 0.5 } });
  const registry = server.deps.registry!;
  const candidate = (await registry.register(artifactDir, { actor: 'bench' })).version;
  const stable = (await server.deps.store.aliases.get('production')) as string;
  await server.deps.pool.ensureLoaded(candidate);
  const stableModel = server.deps.pool.get(stable)!.model;

  const requests = Array.from({ length: N }, (_, i) => {
    const r = i % d.n;
    const features: Record<string, number | null> = {};
    names.forEach((n, j) => (features[n] = Number.isNaN(d.x[r * 13 + j]) ? null : d.x[r * 13 + j]));
    return { patientId: `bench-${i}`, features, explain: true };
  });

  const bare = (i: number) => {
    const v = validate(requests[i].features, stableModel.signature);
    if (!v.ok) throw new Error('bad row');
    stableModel.predict(v.row, 1);
    stableModel.explain(v.row, 1);
  };
  const routed = (i: number) => server.deps.predictor.predict(requests[i]);

  async function measure(f: (i: number) => unknown | Promise<unknown>): Promise<Float64Array> {
    const t = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      // Awaited: predict() answers once its record is journaled (the group write a turn later).
      await f(i);
      t[i] = performance.now() - t0;
      // Each request starts on a turn of its own, as requests arriving from sockets do.
      await turn();
    }
    return t.sort();
  }

  const rows: string[] = [];
  const med = { bare: [] as number[], routed: [] as number[], noShadow: [] as number[], shadow: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    server.deps.router.setPlan({ ...stablePlan(stable), rolloutId: 'bench', canary: candidate, canaryWeight: 50 });
    const b = await measure(bare);
    const r = await measure(routed);
    med.bare.push(quantile(b, 0.5));
    med.routed.push(quantile(r, 0.5));
    server.deps.router.setPlan(stablePlan(stable));
    const ns = await measure(routed);
    await server.deps.predictor.shadowQueue.idle();
    server.deps.router.setPlan({ ...stablePlan(stable), rolloutId: 'bench-shadow', shadow: { version: candidate, mirrorPercent: 100 } });
    const sh = await measure(routed);
    await server.deps.predictor.shadowQueue.idle();
    med.noShadow.push(quantile(ns, 0.99));
    med.shadow.push(quantile(sh, 0.99));
    await server.deps.recorder.flush();
  }
  // The shadow really ran: predictions counted with arm 'shadow'. Under overload the
  // bounded shadow queue sheds work instead of slowing the primary path; say how much.
  const counted = (await server.deps.metrics.predictions.get()).values.filter((v) => v.labels.arm === 'shadow');
  const shadowed = counted.reduce((a, v) => a + v.value, 0);
  if (shadowed === 0) throw new Error('no shadow scores were recorded');
  const dropped = server.deps.predictor.shadowQueue.dropped;
  const shadowErrors = (await server.deps.metrics.predictionErrors.get()).values.filter((v) => v.labels.arm === 'shadow').reduce((a, v) => a + v.value, 0);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const added = median(med.routed) - median(med.bare);
  const shadowCost = median(med.shadow) / median(med.noShadow) - 1;
  rows.push(`| bare model work (validate, predict, explain), median | ${median(med.bare).toFixed(4)} ms |`);
  rows.push(`| Predictor.predict, canary plan at 50 %, recorded, median | ${median(med.routed).toFixed(4)} ms |`);
  rows.push(`| added by routing and recording (target ≤ 0.2 ms) | ${added.toFixed(4)} ms |`);
  rows.push(`| primary path p99, no shadow | ${median(med.noShadow).toFixed(4)} ms |`);
  rows.push(`| primary path p99, shadow mirroring 100 % | ${median(med.shadow).toFixed(4)} ms |`);
  rows.push(`| shadow cost on p99 (target ≤ 10 %) | ${(100 * shadowCost).toFixed(1)} % |`);
  console.log(`${N.toLocaleString()} requests × ${ROUNDS} rounds, medians over rounds; ${shadowed.toLocaleString()} shadow scores, ${shadowErrors.toLocaleString()} shadow errors, ${dropped.toLocaleString()} shed by the bounded shadow queue\n`);
  console.log('| measure | value |\n| --- | ---: |');
  console.log(rows.join('\n'));
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
