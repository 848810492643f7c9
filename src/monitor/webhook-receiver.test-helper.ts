import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP receiver on 127.0.0.1 (port 0) that records JSON bodies and answers with scripted statuses. */
export interface Receiver {
  readonly url: string;
  readonly bodies: unknown[];
  /** Statuses to answer with, in order; 200 once exhausted. */
  readonly statuses: number[];
  close(): Promise<void>;
}

/** Starts a {@link Receiver}. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const bodies: unknown[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    bodies,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
