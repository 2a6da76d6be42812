/**
 * `npm run stream:reset -- --confirm`: after `npm run restore`, before the relays start again (docs/operations.md,
 * "Restoring for real"): the consent stream and the approvals' stream on NATS_URL re-created from the restored
 * database — every bridge
 * replica's consumer deleted, every outbox row the database holds published again by the relay (ADR 050). Stop every
 * relay and bridge replica first; start the replicas afresh (same ids) once the relays run. Uses DATABASE_URL (the
 * owner's) or the embedded server, and NATS_URL.
 */
import { getEnv } from "../app/env.server";
import { resetConsentStream } from "./lib/backup/reset-consent-stream";
import { ensurePostgres, redactUrl } from "./lib/postgres";

const env = getEnv();
if (!env.NATS_URL) {
  console.error("NATS_URL is not set: there is no consent stream to reset (a bridge fed over HTTP needs only a restart on the restored database).");
  process.exit(2);
}
if (!process.argv.includes("--confirm")) {
  console.error(`This deletes and re-creates the streams TSUNAGI_CONSENT and TSUNAGI_APPROVALS on ${env.NATS_URL}, deletes every bridge replica's consumer and has the relay publish the restored outboxes again.
Stop every relay and bridge replica first. Then run: npm run stream:reset -- --confirm`);
  process.exit(2);
}
const postgres = await ensurePostgres();
try {
  const reset = await resetConsentStream({ natsUrl: env.NATS_URL, databaseUrl: postgres.url });
  console.log(`Database: ${redactUrl(postgres.url)}
Stream TSUNAGI_CONSENT: ${reset.streamRemade ? `re-created (${reset.messagesDropped} messages dropped)` : "did not exist; the relay will create it"}
Bridge replicas' consumers deleted: ${reset.bridgeConsumersDeleted.join(", ") || "none"}
Outbox rows the relay will publish again: ${reset.outboxRowsToPublish}
Stream TSUNAGI_APPROVALS: ${reset.approvals.streamRemade ? `re-created (${reset.approvals.messagesDropped} messages dropped)` : "did not exist; the relay will create it"}
Bridge replicas' approval consumers deleted: ${reset.approvals.bridgeConsumersDeleted.join(", ") || "none"}
Approval messages the relay will publish again: ${reset.approvals.outboxRowsToPublish}`);
  const others = [...reset.otherConsumers, ...reset.approvals.otherConsumers];
  if (others.length > 0) {
    console.log(`Other consumers (gone with the streams): ${others.join(", ")} — their owners keep states newer than the restored database and must reset them.`);
  }
  console.log("Now start the relays, then each bridge replica with its own BRIDGE_REPLICA_ID.");
} catch (error) {
  console.error(`Could not reset the consent stream: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await postgres.stop();
}
