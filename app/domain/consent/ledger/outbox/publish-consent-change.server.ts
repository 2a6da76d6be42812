import { connect, type NatsConnection } from "@nats-io/transport-node";
import { directConsentSubject, type ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";

/**
 * The direct publish of a consent change after COMMIT (issue 60 Deliver 3b, ADR 159): the message the outbox row
 * holds, on core NATS (`tsunagi.direct.consent.<pseudonym>`), so that a bridge following the stream applies it one
 * relay cycle sooner. Best effort and nothing more: the outbox and the relay stay the guarantee, and the bridge's
 * freshness never rests on this route.
 *
 * Never awaited by the verb and never able to fail it: a publish is a write into the client's buffer, made only while
 * the connection is up (while NATS is down nothing is buffered to arrive late; the relay delivers). Started by the
 * app's server when NATS_URL is set; with it unset, nothing connects and nothing is published.
 */
interface DirectPublisher {
  natsUrl: string;
  connection: NatsConnection | undefined;
  up: boolean;
  stopped: boolean;
  connecting: Promise<void>;
}

let publisher: DirectPublisher | undefined;

/** Connects (in the background, for as long as it takes) and publishes each committed change from then on. */
export function startDirectConsentPublish(natsUrl: string): void {
  if (publisher && !publisher.stopped && publisher.natsUrl === natsUrl) return;
  void stopDirectConsentPublish();
  const state: DirectPublisher = { natsUrl, connection: undefined, up: false, stopped: false, connecting: Promise.resolve() };
  state.connecting = (async () => {
    // Retried until NATS can be reached (on timers that keep no process alive); from then on the client reconnects.
    while (!state.stopped) {
      let nc: NatsConnection;
      try {
        nc = await connect({
          servers: natsUrl.split(",").map((server) => server.trim()),
          name: "tsunagi-app direct consent publish",
          maxReconnectAttempts: -1,
          reconnectTimeWait: 500,
          timeout: 2_000,
        });
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
        continue;
      }
      if (state.stopped) {
        await nc.close().catch(() => undefined);
        return;
      }
      state.connection = nc;
      state.up = true;
      for await (const status of nc.status()) {
        if (status.type === "disconnect") state.up = false;
        else if (status.type === "reconnect") state.up = true;
      }
      return;
    }
  })().catch(() => undefined);
  publisher = state;
}

/** Stops publishing and closes the connection (the app's shutdown; a test's end). */
export async function stopDirectConsentPublish(): Promise<void> {
  const state = publisher;
  publisher = undefined;
  if (!state || state.stopped) return;
  state.stopped = true;
  state.up = false;
  const nc = state.connection;
  if (nc && !nc.isClosed()) await Promise.race([nc.drain().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  if (nc && !nc.isClosed()) await nc.close().catch(() => undefined);
}

/** Whether a committed change is published now (the bench reports it beside its figures). */
export function directConsentPublishActive(): boolean {
  return publisher?.up === true;
}

/** Publishes one committed change's message, as its outbox row holds it; a no-op while not connected. */
export function publishConsentChangeDirectly(message: ConsentChangeMessage): void {
  const state = publisher;
  if (!state?.up || !state.connection || state.connection.isClosed()) return;
  try {
    state.connection.publish(directConsentSubject(message.pseudonym), JSON.stringify(message));
  } catch {
    // A connection closing under us: the relay delivers this change as every other.
  }
}
