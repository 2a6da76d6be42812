import { connectOutboxNotifications, type OutboxNotificationConnection } from "./connect-outbox-notifications";
import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { describeError, type RelayLog } from "./relay-log";
import { Waker } from "./waker";

export interface OutboxListener {
  /** True while LISTEN is in place on a live connection. */
  readonly listening: boolean;
  stop(): Promise<void>;
}

/**
 * A dedicated connection (as the relay's role, or the app's for the checkpointer) holding `LISTEN tsunagi_outbox`: every committed consent change
 * calls onNotify with its payload. A lost connection is made again with backoff, and onNotify is called (without a
 * payload: any outbox may have moved) once it is back in case a NOTIFY went by meanwhile. The relay's poll covers the time in between. Resolves after the first attempt,
 * whether or not it succeeded.
 */
export async function listenForOutbox(options: { databaseUrl: string; as: "relay" | "app"; onNotify: (payload?: string) => void; backoff: BackoffPolicy; log: RelayLog }): Promise<OutboxListener> {
  const waker = new Waker();
  let client: OutboxNotificationConnection | undefined;
  let listening = false;
  let failures = 0;

  const connectOnce = async (): Promise<OutboxNotificationConnection> => {
    const next = await connectOutboxNotifications({ databaseUrl: options.databaseUrl, as: options.as, onNotify: options.onNotify });
    void next.lost.then(() => {
      if (client === next) {
        listening = false;
        waker.wake();
      }
    });
    return next;
  };

  const attempt = async () => {
    try {
      client = await connectOnce();
      listening = true;
      if (failures > 0) options.log("info", "listening for outbox notifications again", { failedAttempts: failures });
      failures = 0;
      options.onNotify(undefined);
    } catch (error) {
      failures += 1;
      if (failures === 1) options.log("warn", "cannot listen for outbox notifications; polling meanwhile", { error: describeError(error) });
    }
  };

  await attempt();
  const loop = (async () => {
    while (!waker.stopped) {
      if (listening) {
        await waker.idle(2 ** 31 - 1);
        if (waker.stopped) break;
        if (!listening) {
          options.log("warn", "lost the outbox notification connection; reconnecting");
          await client?.close().catch(() => undefined);
          client = undefined;
        }
        continue;
      }
      await waker.pause(retryDelayMs(failures + 1, options.backoff));
      if (!waker.stopped) await attempt();
    }
  })();

  return {
    get listening() {
      return listening;
    },
    async stop() {
      waker.stop();
      await loop;
      listening = false;
      await client?.close().catch(() => undefined);
      client = undefined;
    },
  };
}
