/** A Redis client for shared rate-limit counters, and how to close it. */
export interface RateLimitRedis {
  readonly client: unknown;
  close(): Promise<void>;
}

/**
 * Connects to REDIS_URL for rate-limit counters shared by every replica (ioredis, imported
 * lazily so a single-process server never loads it). Null without a URL. The client retries
 * in the background; while Redis is away the limiter lets requests through (skipOnError)
 * rather than failing them.
 */
export async function connectRateLimitRedis(url: string | null): Promise<RateLimitRedis | null> {
  if (url === null) return null;
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  client.on('error', () => {
    // Reported by the limiter's skipOnError path; reconnects on its own.
  });
  return {
    client,
    close: async () => {
      client.disconnect();
    },
  };
}
