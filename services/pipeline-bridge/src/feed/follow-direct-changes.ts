import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import { DIRECT_CONSENT_SUBJECTS } from "@tsunagi/consent-rules/consent-change-message";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";
import type { ConsentStreamOptions } from "../bridge-config";
import type { IngestTarget } from "../projection/ingest-changes";
import type { IncomingChange } from "../projection/apply-consent-changes";
import { consentStream } from "../projection/consent-stream";
import { incomingMessage } from "../streams/message-stream";

const log = serviceLogger("bridge");

/** Messages waiting to be stored at most; beyond it a direct message is dropped (the relay's copy still comes). */
const MAX_WAITING = 5_000;

export interface DirectChangeFollower {
  /** Messages received on the direct route, stored (in a committed batch, new or not), dropped (unreadable, refused, over the bound). */
  stats(): { received: number; stored: number; applied: number; duplicates: number; dropped: number };
  stop(): Promise<void>;
}

/**
 * Takes the app's direct publish of each consent change after its COMMIT (issue 60 Deliver 3b, ADR 159): core NATS on
 * `tsunagi.direct.consent.>`, in no particular order, at most once. Each batch goes through the same `store` as the
 * relay's HTTP delivery and the stream (ingestChanges: dedupe by event id, park what cannot be read, the version rule,
 * memory after the commit), so a change is applied once whichever route brings it first, and the later copy is a
 * duplicate that changes nothing.
 *
 * What this route never does is say how far the bridge has applied: `noteApplied` is left to the relay's ordered
 * routes (the stream follower's floor, the HTTP delivery's prefix). A direct message at position 105 stored while 102
 * is still on its way must not let the heartbeat's mark of 104 find the bridge current: that would answer as current
 * with a withdrawal unapplied (fail open). So it speeds up the change it carries and nothing else; a failure here
 * (NATS down, the database refusing the batch) loses nothing, since the relay delivers the same message.
 *
 * Only a bridge that follows the stream takes it: one fed over HTTP alone counts its tables' highest position as
 * applied when it starts (bridge-context.ts), which direct messages stored ahead of the relay would make untrue.
 */
export function followDirectChanges(target: IngestTarget, options: ConsentStreamOptions): DirectChangeFollower {
  const counts = { received: 0, stored: 0, applied: 0, duplicates: 0, dropped: 0 };
  let waiting: IncomingChange[] = [];
  let storing: Promise<void> | undefined;
  let stopped = false;
  let connection: NatsConnection | undefined;
  let subscription: Subscription | undefined;
  let failures = 0;

  const storeWaiting = async () => {
    // Whatever arrived in the same turn of the event loop goes in one transaction; what comes meanwhile, in the next.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const result = await consentStream.store(target, batch, { noteApplied: false });
        counts.stored += batch.length;
        counts.applied += result.applied;
        counts.duplicates += result.duplicates;
        failures = 0;
      } catch (error) {
        counts.dropped += batch.length;
        failures += 1;
        if (failures === 1 || failures % 100 === 0) log.warn({ error: errorText(error), failures }, "could not store consent changes from the direct route; the relay delivers them");
      }
    }
    storing = undefined;
  };

  const take = (body: unknown) => {
    counts.received += 1;
    const envelope = consentStream.envelopeSchema.safeParse(body);
    const change = envelope.success ? incomingMessage(consentStream, envelope.data) : undefined;
    if (!change || change.outcome === "malformed" || stopped || waiting.length >= MAX_WAITING) {
      // Not ours to judge: the relay's copy of the same event is what the bridge parks or refuses, loudly.
      counts.dropped += 1;
      return;
    }
    waiting.push(change);
    storing ??= storeWaiting();
  };

  const started = (async () => {
    // Connected when NATS can be reached, retried until then; the follower of the stream reports NATS being down.
    while (!stopped) {
      try {
        const nc = await connect({
          servers: options.natsUrl.split(",").map((server) => server.trim()),
          name: `tsunagi-bridge ${options.replicaId} direct`,
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          timeout: 2_000,
        });
        if (stopped) return void (await nc.close().catch(() => undefined));
        connection = nc;
        subscription = nc.subscribe(DIRECT_CONSENT_SUBJECTS, {
          callback: (error, message) => {
            if (error) return;
            let body: unknown;
            try {
              body = message.json();
            } catch {
              counts.dropped += 1;
              return;
            }
            take(body);
          },
        });
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    }
  })();

  return {
    stats: () => ({ ...counts }),
    async stop() {
      stopped = true;
      // A connection still being attempted is closed as it comes (above): stopping does not wait for NATS.
      await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 2_500).unref())]);
      subscription?.unsubscribe();
      await storing;
      const nc = connection;
      connection = undefined;
      if (nc && !nc.isClosed()) await Promise.race([nc.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
