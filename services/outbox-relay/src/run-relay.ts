/**
 * Runs the outbox relay until SIGINT or SIGTERM: the service's entry (`main.ts`) and, on a developer's machine,
 * `npm run relay` (scripts/relay.ts, after starting the embedded PostgreSQL) call it.
 */
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
