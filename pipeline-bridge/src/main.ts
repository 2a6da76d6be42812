import { getEnv } from "../../app/env.server";
import { startBridgeServer } from "./server";

const { BRIDGE_PORT } = getEnv();
const server = await startBridgeServer(BRIDGE_PORT);
console.log(`Pipeline bridge on http://localhost:${BRIDGE_PORT} (GET /healthz)`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
