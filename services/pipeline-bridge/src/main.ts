/**
 * The pipeline bridge as a service in a deployment, with DATABASE_URL naming the bridge's own login (migrations are
 * the app's job): compiled, `node --max-semi-space-size=64 build-services/current/bridge.mjs` after `npm run
 * services:build` (`npm start -w services/pipeline-bridge` does both; ADR 105). It starts no database of its own: on a
 * developer's machine `npm run bridge` starts the embedded PostgreSQL first and then runs the same service.
 */
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { runBridge } from "./run-bridge";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  serviceLogger("bridge").fatal("DATABASE_URL is not set. A deployment names its PostgreSQL; on a developer's machine `npm run bridge` starts the embedded one.");
  process.exit(1);
}
await runBridge({ databaseUrl });
