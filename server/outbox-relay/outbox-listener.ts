import pg from "pg";
import { APPLICATION_ROLE } from "../../app/db.server";
import { OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";
import { retryDelayMs, type BackoffPolicy } from "./backoff";
import { describeError, type RelayLog } from "./relay-log";
import { Waker } from "./waker";

export interface OutboxListener {
  /** True while LISTEN is in place on a live connection. */
  readonly listening: boolean;
  stop(): Promise<void>;
}

/**
 * A dedicated connection (as the app's role) holding `LISTEN tsunagi_outbox`: every committed consent change
 * calls onNotify. A lost connection is made again with backoff, and onNotify is called once it is back in case
 * a NOTIFY went by meanwhile. The relay's poll covers the time in between. Resolves after the first attempt,
 * whether or not it succeeded.
 */
export async function listenForOutbox(options: { databaseUrl: string; onNotify: () => void; backoff: BackoffPolicy; log: RelayLog }): Promise<OutboxListener> {
  const waker = new Waker();
  let client: pg.Client | undefined;
  let listening = false;
  let failures = 0;

  const connectOnce = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: options.databaseUrl, options: `-c role=${APPLICATION_ROLE}`, keepAlive: true });
    const lost = new Promise<void>((resolve) => {
      next.once("error", () => resolve());
      next.once("end", () => resolve());
    });
    next.on("error", () => undefined); // reported once, below, by the loop
    next.on("notification", (message) => {
      if (message.channel === OUTBOX_NOTIFY_CHANNEL) options.onNotify();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    void lost.then(() => {
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
      options.onNotify();
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
          await client?.end().catch(() => undefined);
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
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
