import type { AlertTransition } from './alert-evaluator.js';

/** The JSON posted to ALERT_WEBHOOK; `text` reads well in Slack, Teams or a mail gateway. */
export interface AlertNotification {
  readonly text: string;
  readonly status: 'firing' | 'resolved';
  readonly incidentId: string;
  readonly rule: string;
  readonly key: string;
  readonly severity: string;
  readonly summary: string;
  readonly value: number;
  readonly threshold: number;
  /** ISO-8601 times. */
  readonly startedAt: string;
  readonly resolvedAt: string | null;
  readonly environment: string | null;
}

/** Sends notifications. `notify` returns at once and never throws (delivery happens in the background). */
export interface Notifier {
  notify(notification: AlertNotification): void;
}

function duration(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** The notification of one transition of incident `incidentId` (started at `startedAt`). */
export function describeTransition(t: AlertTransition, incidentId: string, startedAt: number, environment: string | null = null): AlertNotification {
  const a = t.alert;
  const env = environment ? ` [${environment}]` : '';
  const text = t.type === 'firing'
    ? `[FIRING] ${a.severity}${env}: ${a.rule} — ${a.summary}`
    : `[RESOLVED]${env}: ${a.rule} — ${a.key ? `${a.key} ` : ''}back to normal after ${duration(t.at - startedAt)}`;
  return {
    text, status: t.type, incidentId, rule: a.rule, key: a.key, severity: a.severity, summary: a.summary,
    value: a.value, threshold: a.threshold,
    startedAt: new Date(startedAt).toISOString(),
    resolvedAt: t.type === 'resolved' ? new Date(t.at).toISOString() : null,
    environment,
  };
}
