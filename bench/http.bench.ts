// HTTP throughput and latency of POST /api/v1/predict (with explanation) on the default model,
// beside a bare Fastify route returning a constant, measured in the same run by autocannon in
// a second process over keep-alive connections. Also p99 at half of each maximum rate.
// Targets (issue 3): predict ≥ 60 % of the bare route's throughput; p99 ≤ 5 ms at half rate.
// Half rate is an open-loop run (bench/paced-load.ts): evenly spaced requests, latency from
// each one's due time; the maximum comes from autocannon.
// A third route shows the floor for this payload: bare Fastify parsing the same request body
// and answering the same bytes a prediction answers, doing nothing else.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createServer } from '../src/api/create-server.js';
import { loadConfig } from '../src/config/index.js';

const AUTOCANNON = fileURLToPath(new URL('../node_modules/autocannon/autocannon.js', import.meta.url));
const PACED_LOAD = fileURLToPath(new URL('./paced-load.ts', import.meta.url));
/** Keep-alive connections of the load generator. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Seconds per measured run (after a warm-up run of WARMUP seconds). */
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = 3;
const PATIENT = { patient_id: 'bench-1', features: { age: 63, sex: 1, cp: 1, trestbps: 145, chol: 233, fbs: 1, restecg: 2, thalach: 150, exang: 0, oldpeak: 2.3, slope: 3, ca: 0, thal: 6 } };

/** What one autocannon run measured. */
interface Run {
  readonly rps: number;
  /** Server CPU (user + system, this process, all threads) per answered request, in µs: steadier than rates on a shared machine. */
  readonly cpuUs: number;
  /** The same for the main (serving) thread alone, where Linux tells; NaN elsewhere. */
  readonly mainCpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Open-loop runs: the longest the load generator's own event loop was held, in ms. */
  readonly generatorStallMs?: number;
}

/** CPU time of this process's main thread in µs, from /proc (Linux); NaN elsewhere. */
function mainThreadCpuUs(): number {
  const stat = `/proc/self/task/${process.pid}/stat`;
  if (!existsSync(stat)) return Number.NaN;
  // Fields after the command name: state is field 3, utime 14 and stime 15, in clock ticks (100 a second here).
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Runs a load generator in its own process; `parse` turns its stdout into a Run without the CPU figures. */
function runLoad(args: string[], parse: (out: string) => Omit<Run, 'cpuUs' | 'mainCpuUs'> & { total: number }): Promise<Run> {
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuUs();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.slice(0, 3).join(' ')} exited with ${code}`));
      const cpu = process.cpuUsage(cpu0);
      const main = mainThreadCpuUs() - main0;
      const { total, ...run } = parse(out);
      resolve({ ...run, cpuUs: (cpu.user + cpu.system) / Math.max(1, total), mainCpuUs: main / Math.max(1, total) });
    });
  });
}

/** Open-loop load at a fixed rate (bench/paced-load.ts): latency counted from when each request was due. */
function paced(url: string, options: { seconds: number; rate: number; key?: string; body?: string }): Promise<Run> {
  const args = ['--import', 'tsx', PACED_LOAD, url, String(Math.round(options.rate)), String(options.seconds), String(WARMUP), String(CONNECTIONS), options.body ?? '', options.key ?? ''];
  return runLoad(args, (out) => {
    const r = JSON.parse(out) as { warmupSent: number; completed: number; non2xx: number; errors: number; p50: number; p99: number; generatorLoopMaxMs: number };
    return { rps: r.completed / options.seconds, p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, total: r.completed + r.warmupSent, generatorStallMs: r.generatorLoopMaxMs };
  });
}

/** Runs autocannon (closed loop: each connection sends as soon as its previous answer came) and parses its JSON report. */
function autocannon(url: string, options: { seconds: number; key?: string; body?: string }): Promise<Run> {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(options.seconds)];
  if (options.body) args.push('-m', 'POST', '-H', 'content-type=application/json', '-b', options.body);
  if (options.key) args.push('-H', `authorization=Bearer ${options.key}`);
  args.push(url);
  return runLoad(args, (out) => {
    const r = JSON.parse(out) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, total: r.requests.total };
  });
}

/** One line of the report; throws if any request failed. */
function report(name: string, label: string, r: Run): void {
  const stall = r.generatorStallMs === undefined ? '' : `  (generator's longest stall ${r.generatorStallMs.toFixed(0)} ms)`;
  console.log(`${name.padEnd(24)} ${label.padEnd(10)} ${r.rps.toFixed(0).padStart(7)} req/s  cpu ${r.cpuUs.toFixed(0).padStart(4)} µs/req (main thread ${r.mainCpuUs.toFixed(0).padStart(4)})  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  non-2xx ${r.non2xx}  errors ${r.errors}${stall}`);
  if (r.non2xx + r.errors > 0) throw new Error(`${name}: some requests failed`);
}

/** Warm-up, then the maximum rate (autocannon, closed loop). */
async function maximum(name: string, url: string, options: { key?: string; body?: string }): Promise<Run> {
  await autocannon(url, { ...options, seconds: WARMUP });
  const max = await autocannon(url, { ...options, seconds: DURATION });
  report(name, 'max', max);
  return max;
}

/** An open-loop run at a fixed rate (paced-load). */
async function atRate(name: string, url: string, rate: number, options: { key?: string; body?: string }): Promise<Run> {
  const run = await paced(url, { ...options, seconds: DURATION, rate });
  report(name, `${Math.round(rate)}/s`, run);
  return run;
}

const dir = mkdtempSync(join(tmpdir(), 'rg-bench-http-'));
const bare = Fastify({ logger: false });
bare.get('/constant', async () => ({ ok: true }));
// The server as `npm start` runs it, with rate limits raised out of the way (they still run).
const config = loadConfig({
  env: 'development', cwd: dir, vars: {},
  overrides: { debug: false, monitoring: { level: 'warn' }, security: { rate_limit: { per_minute: 1e9, per_ip_per_minute: 1e9 } } },
});
const server = await createServer(config, { logger: false });
try {
  // The floor: the same request body parsed, the same response bytes sent, no work between.
  const sample = await server.app.inject({ method: 'POST', url: '/api/v1/predict', headers: { authorization: `Bearer ${server.adminKey}` }, payload: PATIENT });
  if (sample.statusCode !== 200) throw new Error(`predict answered ${sample.statusCode}: ${sample.body}`);
  const answer = sample.body;
  bare.post('/prediction-shaped', async (_request, reply) => reply.type('application/json; charset=utf-8').send(answer));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${CONNECTIONS} keep-alive connections, ${DURATION} s per run; maximum by autocannon after ${WARMUP} s warm-up, fixed rates by paced-load`);
  const routes = {
    constant: { name: 'bare GET /constant', url: `${bareUrl}/constant`, options: {} },
    floor: { name: 'bare POST, same bytes', url: `${bareUrl}/prediction-shaped`, options: { body: JSON.stringify(PATIENT) } },
    predict: { name: 'POST /api/v1/predict', url: `${url}/api/v1/predict`, options: { key: server.adminKey ?? undefined, body: JSON.stringify(PATIENT) } },
  };
  const max = {
    constant: await maximum(routes.constant.name, routes.constant.url, routes.constant.options),
    floor: await maximum(routes.floor.name, routes.floor.url, routes.floor.options),
    predict: await maximum(routes.predict.name, routes.predict.url, routes.predict.options),
  };
  console.log(`(the payload floor: a prediction's bytes in and out, no work, reach ${(100 * max.floor.rps / max.constant.rps).toFixed(0)} % of the constant route; response ${Buffer.byteLength(answer)} bytes)`);
  // Latency at half of predict's maximum, open loop; the bare routes at the same rate are the
  // control: what this machine and load generator give a route that does nothing.
  const half = max.predict.rps / 2;
  // Steady state, not the aftermath of overload: let the recording thread commit the backlog first.
  const backlog = server.deps.recorder.stats().pending;
  const drainStarted = performance.now();
  await server.deps.recorder.flush();
  console.log(`(${backlog} predictions waiting for their commit after the maximum run; committed in ${((performance.now() - drainStarted) / 1000).toFixed(1)} s)`);
  await atRate(routes.constant.name, routes.constant.url, half, routes.constant.options);
  await atRate(routes.floor.name, routes.floor.url, half, routes.floor.options);
  const p = await atRate(routes.predict.name, routes.predict.url, half, routes.predict.options);
  const share = max.predict.rps / max.constant.rps;
  console.log(`predict / bare throughput: ${(share * 100).toFixed(0)} % (target ≥ 60 %) — ${share >= 0.6 ? 'met' : 'NOT met'}`);
  console.log(`predict p99 at half rate: ${p.p99.toFixed(2)} ms (target ≤ 5 ms) — ${p.p99 <= 5 ? 'met' : 'NOT met'}`);
  console.log(`recorded predictions: ${server.deps.recorder.stats().committed + server.deps.recorder.stats().pending}`);
} finally {
  await server.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
}
