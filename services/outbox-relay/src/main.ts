/**
 * The outbox relay as a service, apart from the app: `tsx services/outbox-relay/src/main.ts` in a deployment, with
 * DATABASE_URL set. It starts no database of its own: on a developer's machine `npm run relay`
 * (scripts/relay.ts) starts the embedded PostgreSQL first and then runs this same service.
 */
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { parseRelayEnv } from "./relay-env";
import { startOutboxRelayFromEnv } from "./start-outbox-relay";

export async function runRelay(options: { onStopped?: () => Promise<void> } = {}): Promise<void> {
  const relay = await startOutboxRelayFromEnv(parseRelayEnv());
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await relay.stop();
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
