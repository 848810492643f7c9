import { afterEach, describe, expect, it } from 'vitest';
import type { AlertNotification } from './alert-notification.js';
import { WebhookNotifier } from './webhook-notifier.js';
import { startReceiver, type Receiver } from './webhook-receiver.test-helper.js';

const note = (text: string): AlertNotification => ({
  text, status: 'firing', incidentId: 'i1', rule: 'HighMemory', key: '', severity: 'warning', summary: text,
  value: 0.9, threshold: 0.85, startedAt: new Date(0).toISOString(), resolvedAt: null, environment: 'test',
});

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

describe('WebhookNotifier against a real receiver on 127.0.0.1', () => {
  it('retries 5xx with backoff until delivered, keeping order', async () => {
    receiver = await startReceiver([503, 500]);
    const n = new WebhookNotifier({ url: receiver.url, baseDelayMs: 5, random: () => 0.5 });
    n.notify(note('first'));
    n.notify(note('second'));
    await n.idle();
    expect(receiver.bodies.map((b) => (b as AlertNotification).text)).toEqual(['first', 'first', 'first', 'second']);
    expect(n.stats).toEqual({ delivered: 2, failed: 0, dropped: 0, attempts: 4 });
    expect((receiver.bodies[3] as AlertNotification).status).toBe('firing');
  });

  it('gives up after maxAttempts and reports it, without throwing', async () => {
    receiver = await startReceiver([503, 503, 503, 503]);
    const failures: string[] = [];
    const n = new WebhookNotifier({ url: receiver.url, maxAttempts: 3, baseDelayMs: 1, onFailure: (_n, reason) => failures.push(reason) });
    expect(() => n.notify(note('x'))).not.toThrow();
    await n.idle();
    expect(receiver.bodies).toHaveLength(3);
    expect(failures).toEqual(['HTTP 503']);
    expect(n.stats.failed).toBe(1);
  });

  it('does not retry a payload the receiver refuses (4xx)', async () => {
    receiver = await startReceiver([400]);
    const n = new WebhookNotifier({ url: receiver.url, baseDelayMs: 1 });
    n.notify(note('bad'));
    await n.idle();
    expect(receiver.bodies).toHaveLength(1);
    expect(n.stats.failed).toBe(1);
  });

  it('survives an unreachable webhook and a throwing failure hook', async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = null;
    const n = new WebhookNotifier({ url, maxAttempts: 2, baseDelayMs: 1, onFailure: () => { throw new Error('logger down'); } });
    n.notify(note('lost'));
    await n.idle();
    expect(n.stats.failed).toBe(1);
  });

  it('bounds its queue, dropping the oldest', async () => {
    receiver = await startReceiver();
    const n = new WebhookNotifier({ url: receiver.url, maxQueue: 2 });
    for (const t of ['a', 'b', 'c', 'd']) n.notify(note(t));
    await n.idle();
    // 'a' was taken for delivery at once; of b, c, d the queue kept the newest two.
    expect(receiver.bodies.map((b) => (b as AlertNotification).text)).toEqual(['a', 'c', 'd']);
    expect(n.stats.dropped).toBe(1);
  });
});
