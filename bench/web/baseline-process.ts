/**
 * Child process: the bench's anchor, Remix's Express template (bench/web/baseline/) from its own build, on
 * BENCH_BASELINE_PORT. Sends `{ type: "ready", url, pid }` once listening; stops on `{ type: "stop" }`.
 */
import { stopOnRequest } from "../bridge/child-process";
import { startBaselineServer } from "./baseline/server";

process.env.NODE_ENV = "production";
const port = Number(process.env.BENCH_BASELINE_PORT);
const server = await startBaselineServer(port);
stopOnRequest(async () => {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
});
process.send!({ type: "ready", url: `http://127.0.0.1:${port}`, pid: process.pid });
