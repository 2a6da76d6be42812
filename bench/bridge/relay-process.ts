/**
 * Child process: the real outbox relay (startOutboxRelay, as `npm run relay` starts it), delivering DATABASE_URL's
 * outbox to BENCH_RELAY_BRIDGE_URL with the token BENCH_RELAY_TOKEN, and to NATS JetStream at BENCH_RELAY_NATS_URL when
 * set (as `npm start` with NATS_URL). Its warnings go to
 * stderr; its info lines are dropped so they do not interleave with the report.
 */
import { disconnectDatabase } from "../../app/db.server";
import { startOutboxRelay } from "@tsunagi/outbox-relay/start-outbox-relay";
import { stopOnRequest } from "./child-process";

const relay = await startOutboxRelay({
  bridgeUrl: process.env.BENCH_RELAY_BRIDGE_URL!,
  relayToken: process.env.BENCH_RELAY_TOKEN!,
  heartbeatMs: 1_000,
  relayId: "bench-relay",
  natsUrl: process.env.BENCH_RELAY_NATS_URL,
  log: (level, message, fields) => {
    if (level !== "info") console.error(`[relay] ${level} ${message} ${JSON.stringify(fields ?? {})}`);
  },
});
stopOnRequest(async () => {
  await relay.stop();
  await disconnectDatabase();
});
process.send!({ type: "ready", listening: relay.status().listening });
