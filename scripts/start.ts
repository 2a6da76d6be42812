/**
 * `npm start`: PostgreSQL (DATABASE_URL or the embedded server under .data/), migrations, demo seed, a
 * production build, then the app on :3000, the pipeline bridge on :3100 and the outbox relay that feeds it (and
 * NATS when NATS_URL is set). Safe to run again: data is reused.
 */
import { spawn } from "node:child_process";
import type { Server } from "node:http";
import path from "node:path";
import { getEnv } from "../app/env.server";
import { applyMigrations } from "../prisma/migrations-engine";
import { demoFilePath, seed } from "../prisma/seed";
import { ensurePostgres, redactUrl } from "./lib/postgres";

const root = path.resolve(import.meta.dirname, "..");
const started = Date.now();
const step = (message: string) => console.log(`[tsunagi] ${message}`);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

async function main() {
  const env = getEnv(); // validates every variable before anything starts
  const appUrl = env.APP_URL;
  const bridgeUrl = `http://localhost:${env.BRIDGE_PORT}`;

  const postgres = await ensurePostgres({ log: (line) => step(line) });
  process.env.DATABASE_URL = postgres.url;
  step(`PostgreSQL: ${redactUrl(postgres.url)}${postgres.embedded ? " (embedded)" : ""}`);

  const applied = await applyMigrations(postgres.url);
  step(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");

  const demo = await seed({ appUrl, bridgeUrl });
  step(`Demo accounts ready (${demo.accounts.length}); written to ${demoFilePath()}`);

  if (process.env.SKIP_BUILD !== "1") {
    step("Building the web app (vite build)…");
    await run(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build", "--logLevel", "warn"], { ...process.env, NODE_ENV: "production" });
  }

  // React and Remix pick their production code paths from NODE_ENV when first imported, which happens below.
  process.env.NODE_ENV = "production";
  const { startAppServer } = await import("../server/app-server");
  const { startBridgeServer } = await import("../pipeline-bridge/src/server");
  const { bridgeConfigFromEnv } = await import("../pipeline-bridge/src/bridge-config");
  const servers: Server[] = [await startAppServer({ mode: "production", port: env.PORT })];
  const bridge = await startBridgeServer(bridgeConfigFromEnv(env, { databaseUrl: postgres.url }));
  const { startOutboxRelayFromEnv } = await import("../server/outbox-relay/start-outbox-relay");
  const relay = await startOutboxRelayFromEnv(env);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
Tsunagi is running (ready in ${seconds} s)
  App:    ${appUrl}
  Bridge: ${bridgeUrl}  (GET /readyz, /openapi.json; the demo file's bridgeToken asks it)
  Relay:  consent outbox → bridge${env.NATS_URL ? ` and NATS JetStream (stream TSUNAGI_CONSENT)` : ""}
${postgres.embedded ? `  Data:   ${path.dirname(demoFilePath())}\n` : ""}
Demo sign-ins (also in ${demoFilePath()}):
${demo.accounts
  .map((account) => `  ${account.role.padEnd(16)} ${account.email.padEnd(38)} ${account.password}${account.totpSecret ? `  TOTP key ${account.totpSecret}` : ""}`)
  .join("\n")}
Demo participants (pseudonym, samples, consent state):
${demo.participants.map((participant) => `  ${participant.pseudonym}  ${participant.sampleCodes.join(" ").padEnd(26)} ${participant.state}`).join("\n")}
Ask the gate: TSUNAGI_GATE_URL=${bridgeUrl} TSUNAGI_GATE_TOKEN=<bridgeToken> pipeline-bridge/bin/tsunagi-gate check --action analyze --subject <sample> --purpose DUO:0000006
Staff accounts need the TOTP key in an authenticator app (or: npx tsx scripts/totp-code.ts <role>).
Without SMTP_URL, mail is kept in ${path.join(path.dirname(demoFilePath()), "mail")} and shown at ${appUrl}/dev/mailbox.
Press Ctrl+C to stop.
`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    step("Stopping…");
    await relay.stop();
    await Promise.all([...servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))), bridge.close()]);
    const { disconnectDatabase } = await import("../app/db.server");
    await disconnectDatabase();
    await postgres.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[tsunagi] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
