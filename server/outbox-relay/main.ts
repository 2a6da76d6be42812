/**
 * The outbox relay as a service, apart from the app: `tsx server/outbox-relay/main.ts` in a deployment, with
 * DATABASE_URL set. It starts no database of its own: on a developer's machine `npm run relay`
 * (scripts/relay.ts) starts the embedded PostgreSQL first and then runs this same service.
 */
import { closeDatabaseConnections } from "../../app/domain/lifecycle/index.server";
import { getEnv } from "../../app/env.server";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { startOutboxRelayFromEnv } from "./start-outbox-relay";

export async function runRelay(options: { onStopped?: () => Promise<void> } = {}): Promise<void> {
  const relay = await startOutboxRelayFromEnv(getEnv());
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await relay.stop();
    await closeDatabaseConnections();
    await options.onStopped?.();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.env.DATABASE_URL) {
    serviceLogger("relay").fatal("DATABASE_URL is not set. A deployment names its PostgreSQL; on a developer's machine `npm run relay` starts the embedded one.");
    process.exit(1);
  }
  await runRelay();
}
