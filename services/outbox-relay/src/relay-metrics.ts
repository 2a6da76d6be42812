import { counter, gauge } from "@tsunagi/service-kit/metrics";
import { readUndeliveredCount, type OutboxDestination, type OutboxStream } from "./outbox-streams";
import type { RelayDatabase } from "./relay-database";

/**
 * The relay's promises as metrics (issue 61, ADR 169; docs/operations.md, "What to watch"): how long the oldest change
 * a destination has not taken has waited (what its heartbeat measures each second), how many wait, and what it carried
 * and failed to.
 */
const lag = gauge("tsunagi_relay_lag_seconds", "How long the oldest outbox row a destination has not acknowledged has waited, as the relay's last heartbeat measured it (0: none waits)", ["stream", "destination"]);
const delivered = counter("tsunagi_relay_delivered_total", "Outbox rows a destination acknowledged", ["stream", "destination"]);
const failed = counter("tsunagi_relay_delivery_failures_total", "Delivery attempts a destination refused or never answered (each retried with backoff)", ["stream", "destination"]);

export function recordLag(stream: OutboxStream<unknown>, destination: OutboxDestination, lagMs: number): void {
  lag.set({ stream: stream.name, destination }, lagMs / 1000);
}

export function recordDelivered(stream: OutboxStream<unknown>, destination: OutboxDestination, rows: number): void {
  if (rows > 0) delivered.inc({ stream: stream.name, destination }, rows);
}

export function recordDeliveryFailed(stream: OutboxStream<unknown>, destination: OutboxDestination): void {
  failed.inc({ stream: stream.name, destination });
}

interface Watched {
  db: RelayDatabase;
  routes: { stream: OutboxStream<unknown>; destination: OutboxDestination }[];
}
let watched: Watched | undefined;

/** The outboxes whose waiting rows a scrape counts: the relay last started in this process. */
export function watchOutboxes(target: Watched): () => void {
  watched = target;
  return () => {
    if (watched === target) watched = undefined;
  };
}

gauge("tsunagi_relay_outbox_undelivered", "Outbox rows a destination has not acknowledged, counted when scraped", ["stream", "destination"], async function collect() {
  this.reset();
  const target = watched;
  if (!target) return;
  for (const route of target.routes) {
    const count = await readUndeliveredCount(route.stream, route.destination, target.db).catch(() => undefined);
    if (count !== undefined) this.set({ stream: route.stream.name, destination: route.destination }, count);
  }
});
