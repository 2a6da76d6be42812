import { inject } from "vitest";
import "./nats-server"; // declares the provided context's tsunagiNatsUrl

/** The run's NATS server with JetStream (NATS_URL, or the private one tests/support/global-setup.ts started). */
export function natsUrlForTests(): string {
  const url = inject("tsunagiNatsUrl");
  if (!url) throw new Error("No NATS server for tests: vitest.config.ts must list tests/support/global-setup.ts as globalSetup.");
  return url;
}
