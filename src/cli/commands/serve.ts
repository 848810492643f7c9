import type { Command } from 'commander';
import { createServer } from '../../api/create-server.js';
import { createMetricsServer } from '../../api/metrics-server.js';
import { loadConfig } from '../../config/index.js';
import { RiskgateError } from '../../errors.js';

/** Parses --port. */
function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RiskgateError('BAD_REQUEST', { reason: `--port must be 0–65535, not ${text}` });
  return port;
}

/**
 * `riskgate serve [--env] [--port] [--host]`: loads the configuration, builds the server
 * (migrating embedded SQLite in development, training the default model on first start,
 * printing a first admin key once), listens, and shuts down gracefully on SIGTERM/SIGINT:
 * stop accepting, finish in-flight requests, flush the recorder, close the store.
 */
export function registerServe(program: Command): void {
  program.command('serve')
    .description('Run the HTTP server (predictions with reasons, registry, rollouts, monitoring).')
    .option('--env <name>', 'configuration environment (default DEPLOYMENT_ENV or development)')
    .option('--port <n>', 'port to listen on (default PORT or server.port; 0 picks a free one)')
    .option('--host <address>', 'address to bind (default server.host)')
    .option('--config <file>', 'environments file (default config/environments.yml)')
    .action(async (opts: { env?: string; port?: string; host?: string; config?: string }) => {
      const port = parsePort(opts.port);
      const config = loadConfig({ env: opts.env, file: opts.config, overrides: { server: { ...(port === undefined ? {} : { port }), ...(opts.host ? { host: opts.host } : {}) } } });
      const say = (line: string): void => void process.stderr.write(`riskgate: ${line}\n`);
      const server = await createServer(config, { say });
      if (server.adminKey) {
        process.stderr.write(`\nFirst start: an admin API key was created. It is shown this once; store it now:\n\n  ${server.adminKey}\n\n`);
      }
      const address = await server.app.listen({ port: config.server.port, host: config.server.host });
      const metricsServer = config.monitoring.metrics_port !== null && config.monitoring.metrics_port !== config.server.port
        ? await createMetricsServer(server.deps.metrics, config.monitoring.metrics_port, config.server.host)
        : null;
      say(`${config.env} server listening on ${address} (docs at ${address}/docs)${metricsServer ? `; metrics on port ${metricsServer.port}` : ''}`);
      // Machine-readable line for scripts and tests that start the server on port 0.
      process.stdout.write(`${JSON.stringify({ event: 'listening', url: address, pid: process.pid })}\n`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string): void => {
          if (stopping) return;
          stopping = true;
          say(`${signal}: finishing in-flight requests, flushing predictions, closing the store`);
          const hardStop = setTimeout(() => {
            say('shutdown took too long; exiting');
            process.exit(1);
          }, config.server.shutdown_grace_ms);
          hardStop.unref();
          void Promise.all([server.close(), metricsServer?.close()]).then(() => resolve(), (e: unknown) => {
            say(`shutdown error: ${(e as Error).message}`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
