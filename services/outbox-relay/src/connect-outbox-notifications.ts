import pg from "pg";
import { SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { OUTBOX_NOTIFY_CHANNEL } from "@tsunagi/consent-rules/consent-change-message";

export interface OutboxNotificationConnection {
  /** Settles when the connection ends or fails, for whatever reason. */
  readonly lost: Promise<void>;
  close(): Promise<void>;
}

/**
 * A dedicated connection (as the role of the service that listens: the relay's, or the app's for the checkpointer)
 * holding `LISTEN tsunagi_outbox`: onNotify runs for every committed
 * consent change and approval change, with the notification's payload (`outboxNotified` tells which outbox it names). A pooled connection cannot hold a LISTEN, so this one is opened apart; whoever holds it watches
 * `lost` and connects again (the relay's and the checkpointer's listener, with backoff).
 */
export async function connectOutboxNotifications(options: { databaseUrl: string; as: "relay" | "app"; onNotify: (payload: string | undefined) => void }): Promise<OutboxNotificationConnection> {
  const client = new pg.Client({ connectionString: options.databaseUrl, options: `-c role=${SERVICE_ROLES[options.as]}`, keepAlive: true });
  const lost = new Promise<void>((resolve) => {
    client.once("error", () => resolve());
    client.once("end", () => resolve());
  });
  client.on("error", () => undefined); // the holder learns of it through `lost`
  client.on("notification", (message) => {
    if (message.channel === OUTBOX_NOTIFY_CHANNEL) options.onNotify(message.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return { lost, close: () => client.end() };
}
