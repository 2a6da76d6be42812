/**
 * After a restore (ADR 050): the consent stream and the bridge replicas' consumers hold states newer than the restored
 * ledger — the changes made after the backup, now gone. A replica keeping one would, by its version rule, ignore the
 * restored ledger's next changes of that participant (their versions are not higher). So the stream is made again
 * from the restored database: deleted and re-created with its own configuration (deleting, not purging, also forgets
 * the event ids in its duplicate window, which the relay is about to publish again), the replicas' durable consumers
 * (`bridge-…`) deleted, and every outbox row the restored database still holds marked unpublished, so the relay
 * publishes each again in ledger order. Consumers that are not a bridge's are named, not touched: their owners must
 * reset what they keep.
 *
 * The approvals' stream (TSUNAGI_APPROVALS, ADR 051 amended) is made again the same way from the approval outbox: an
 * approval changed after the backup (say, extended) would otherwise sit in a replica at a version the restored app
 * reuses, and the restored app's next change of it — a revocation — would be ignored as not newer.
 */
import { jetstreamManager, type StreamConfig } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { APPROVAL_STREAM } from "@tsunagi/consent-rules/approval-change-message";
import { CONSENT_STREAM } from "@tsunagi/consent-rules/consent-change-message";
import { withClient } from "../postgres";

/** The prefix of a bridge replica's durable consumer on either stream (services/pipeline-bridge/src/feed/follow-stream.ts). */
export const BRIDGE_CONSUMER_PREFIX = "bridge-";

export interface StreamReset {
  /** Messages the stream held before. */
  messagesDropped: number;
  /** Whether the stream existed (if not, it is left for the relay to create). */
  streamRemade: boolean;
  bridgeConsumersDeleted: string[];
  /** Consumers of others (pipeline clusters, tools): they keep states the restored ledger does not have. */
  otherConsumers: string[];
  /** Outbox rows the relay will publish again. */
  outboxRowsToPublish: number;
}

/** The consent stream's reset, and the approvals' stream's beside it. */
export interface ConsentStreamReset extends StreamReset {
  approvals: StreamReset;
}

export async function resetConsentStream(options: { natsUrl: string; databaseUrl: string }): Promise<ConsentStreamReset> {
  const nc = await connect({ servers: options.natsUrl.split(",").map((server) => server.trim()), name: "tsunagi stream reset", timeout: 5_000 });
  try {
    const consent = await remakeStream(nc, CONSENT_STREAM);
    const approvals = await remakeStream(nc, APPROVAL_STREAM);
    const [consentRows, approvalRows] = await withClient(options.databaseUrl, async (client) => {
      const unpublished = async (table: string) => {
        await client.query(`UPDATE "${table}" SET "natsDeliveredAt" = NULL WHERE "natsDeliveredAt" IS NOT NULL`);
        const left = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${table}" WHERE "natsDeliveredAt" IS NULL`);
        return Number(left.rows[0]!.n);
      };
      return [await unpublished("ConsentOutbox"), await unpublished("ApprovalOutbox")] as const;
    });
    return { ...consent, outboxRowsToPublish: consentRows, approvals: { ...approvals, outboxRowsToPublish: approvalRows } };
  } finally {
    await nc.close();
  }
}

/** Deletes and re-creates a stream with its own configuration; says what it held and whose consumers went with it. */
async function remakeStream(nc: Awaited<ReturnType<typeof connect>>, stream: string): Promise<Omit<StreamReset, "outboxRowsToPublish">> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream).catch((error: Error) => {
    if (error.name === "StreamNotFoundError") return undefined;
    throw error;
  });
  const bridgeConsumersDeleted: string[] = [];
  const otherConsumers: string[] = [];
  if (info) {
    for await (const consumer of jsm.consumers.list(stream)) {
      if (consumer.name.startsWith(BRIDGE_CONSUMER_PREFIX)) bridgeConsumersDeleted.push(consumer.name);
      else otherConsumers.push(consumer.name);
    }
    // Deleting the stream deletes every consumer of it; the others are reported so their owners know.
    const { name, subjects, storage, num_replicas, duplicate_window, max_age, max_bytes, max_msgs, retention, discard, placement } = info.config;
    await jsm.streams.delete(stream);
    const config: Partial<StreamConfig> & { name: string } = { name, subjects, storage, num_replicas, duplicate_window, max_age, max_bytes, max_msgs, retention, discard };
    if (placement) config.placement = placement;
    await jsm.streams.add(config);
  }
  return {
    messagesDropped: info?.state.messages ?? 0,
    streamRemade: info !== undefined,
    bridgeConsumersDeleted: bridgeConsumersDeleted.sort(),
    otherConsumers: otherConsumers.sort(),
  };
}
