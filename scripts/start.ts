/**
 * `npm start`: PostgreSQL (DATABASE_URL or the embedded server under .data/), migrations, a production build (only
 * when its inputs changed), the app on :3000 (a cluster of WEB_CONCURRENCY processes, server/app-cluster.ts), the demo
 * seed, then the pipeline bridge on :3100, the outbox relay that feeds it (and NATS when NATS_URL is set), the ledger
 * checkpointer and the job worker — the services a deployment runs apart (ADR 129), here once each, in this process
 * (scripts/start-services.ts). Safe to run again: data and build are reused. Ctrl+C stops it in order, PostgreSQL last
 * (ADR 068).
 */
// The services log at warn unless told otherwise (issue 29 item 10). That must be settled before any module makes a
// logger, and many make theirs as they load: so everything else is imported only after it, dynamically. A static import
// would not do: compiled (ADR 081), this file's imports are shared chunks that ESM evaluates before this file's own
// first line, which is how the start log came to show info lines again. scripts/lib/services-build.test.ts holds it.
import "./lib/start-log-level";

const started = Date.now();

try {
  const { startServices } = await import("./start-services");
  await startServices(started);
} catch (error: unknown) {
  console.error(`[tsunagi] Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
