/**
 * The outbox relay as a service in a deployment, apart from the app, with DATABASE_URL naming the relay's own login and
 * RELAY_TOKEN: compiled, `node build-services/current/relay.mjs` after `npm run services:build` (`npm start -w
 * services/outbox-relay` does both; ADR 105). It starts no database of its own: on a developer's machine `npm run
 * relay` starts the embedded PostgreSQL first and then runs the same service.
 */
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { runRelay } from "./run-relay";

if (!process.env.DATABASE_URL) {
  serviceLogger("relay").fatal("DATABASE_URL is not set. A deployment names its PostgreSQL; on a developer's machine `npm run relay` starts the embedded one.");
  process.exit(1);
}
await runRelay();
