// An open-loop load generator for latency at a fixed rate, run as its own process by
// http.bench.ts: requests fall due at evenly spaced times (rate per second) and are handed to
// a pool of keep-alive connections when due, whether or not earlier ones have been answered —
// so a stalled server is charged for every request that queued behind the stall (no
// coordinated omission). Each latency runs from the hand-over to the last byte of the answer,
// including any wait for a free connection; not from the due time, since this generator's
// own timer (1 ms resolution) would add up to a millisecond that is no one's latency.
// autocannon's -R cannot do this: it sends each second's quota as fast as it can and then
// idles, so its "half rate" is full load half of the time.
// The first WARMUP seconds run at the same rate over the same connections but are not
// counted: a fresh generator process opens its connections and compiles its own code then,
// and in a 10 s run at 5,700 req/s those first 0.5 s alone held most of the requests slower
// than 20 ms — the generator's start, not the server's latency.
//
// Usage: node --import tsx bench/paced-load.ts URL RATE SECONDS WARMUP CONNECTIONS [BODY_JSON] [AUTH_KEY]
// Prints one JSON line: {warmupSent, sent, completed, non2xx, errors, p50, p90, p99, max} (ms,
// measured requests only), and generatorLoopMaxMs: the longest the generator's own event loop was held,
// so a stall of the generator is not mistaken for one of the server.
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';

const [url, rateArg, secondsArg, warmupArg, connectionsArg, body, key] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const warmup = Number(warmupArg);
const connections = Number(connectionsArg);
if (!url || !(rate > 0) || !(seconds > 0) || !(warmup >= 0) || !(connections > 0)) {
  console.error('usage: paced-load.ts URL RATE SECONDS WARMUP CONNECTIONS [BODY_JSON] [AUTH_KEY]');
  process.exit(2);
}

const target = new URL(url);
const pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
const headers: Record<string, string> = { 'content-type': 'application/json' };
if (key) headers.authorization = `Bearer ${key}`;
const latencies = createHistogram({ lowest: 1, highest: 60e9, figures: 3 });
let sent = 0;
let completed = 0;
let non2xx = 0;
let errors = 0;

/** Requests sent and not yet answered; the run ends when the last one is. */
let outstanding = 0;
let allSent = false;
let finished: () => void = () => {};
const done = new Promise<void>((resolve) => (finished = resolve));

async function send(counted: boolean): Promise<void> {
  outstanding++;
  const startedNs = process.hrtime.bigint();
  try {
    const response = await pool.request({ path: target.pathname + target.search, method: body ? 'POST' : 'GET', headers, body: body || undefined });
    await response.body.dump();
    if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
  } catch {
    errors++;
  }
  if (counted) {
    completed++;
    latencies.record(Number(process.hrtime.bigint() - startedNs) || 1);
  }
  if (--outstanding === 0 && allSent) finished();
}

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const startNs = process.hrtime.bigint();
const intervalNs = 1e9 / rate;
const warmupCount = Math.round(rate * warmup);
const total = warmupCount + Math.round(rate * seconds);
// Every millisecond (the timer's resolution), send whatever has fallen due since the last tick.
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const elapsed = Number(process.hrtime.bigint() - startNs);
    const due = Math.min(total, Math.floor(elapsed / intervalNs) + 1);
    while (sent < due) {
      void send(sent >= warmupCount);
      sent++;
    }
    if (sent >= total) resolve();
    else setTimeout(tick, 1);
  };
  tick();
});
allSent = true;
if (outstanding > 0) await done;
loop.disable();
await pool.close();
const ms = (q: number) => latencies.percentile(q) / 1e6;
console.log(JSON.stringify({ warmupSent: warmupCount, sent: sent - warmupCount, completed, non2xx, errors, p50: ms(50), p90: ms(90), p99: ms(99), max: latencies.max / 1e6, generatorLoopMaxMs: loop.max / 1e6 }));
