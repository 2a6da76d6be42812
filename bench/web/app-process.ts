/**
 * Child process: the web app as `npm start` serves it — the production build behind the same Express stack — on
 * BENCH_WEB_PORT, against BENCH_WEB_DATABASE_URL. BENCH_WEB_PROCESSES=1 runs one server in this process (the app
 * before ADR 028 could only do this); N > 1 runs the cluster `npm start` runs (server/app-cluster.ts) with N workers.
 * On `{ type: "cpu" }` it answers this process's CPU time so far (one-process runs: the server's own CPU). One-process
 * runs also profile on request (issue 30): `{ type: "profile-start" }` starts V8's sampling profiler through the
 * inspector, `{ type: "profile-stop" }` stops it and answers the top self-time entries (bench/web/profile-summary.ts);
 * with BENCH_WEB_PROFILE_DIR set, the whole profile is also written there as `<page>.cpuprofile` (for DevTools, or for
 * reading inclusive time).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { stopOnRequest } from "../bridge/child-process";
import { topSelfTime, type CpuProfile } from "./profile-summary";

process.env.NODE_ENV = "production";
process.env.DATABASE_URL = process.env.BENCH_WEB_DATABASE_URL!;
process.env.TSUNAGI_DATA_DIR = process.env.BENCH_WEB_DATA_DIR!;
process.env.APP_URL = `http://localhost:${process.env.BENCH_WEB_PORT}`;
const port = Number(process.env.BENCH_WEB_PORT);
const processes = Number(process.env.BENCH_WEB_PROCESSES ?? 1);

let stop: () => Promise<void>;
if (processes > 1) {
  const { startAppCluster } = await import("../../server/app-cluster");
  const cluster = await startAppCluster({ workers: processes, port, host: "127.0.0.1", log: () => {} });
  stop = () => cluster.close();
} else {
  const { startAppServer } = await import("../../server/app-server");
  const server = await startAppServer({ mode: "production", port, host: "127.0.0.1" });
  stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
}
stopOnRequest(() => stop());
let profiler: Session | undefined;
let profiledPage = "page";
process.on("message", (message: { type?: string; label?: string }) => {
  if (message.type === "cpu") {
    const usage = process.cpuUsage();
    process.send!({ type: "cpu", microseconds: usage.user + usage.system });
  } else if (message.type === "profile-start") {
    profiledPage = message.label ?? "page";
    void (async () => {
      profiler = new Session();
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.setSamplingInterval", { interval: 200 });
      await profiler.post("Profiler.start");
      process.send!({ type: "profile-started" });
    })();
  } else if (message.type === "profile-stop" && profiler) {
    void (async () => {
      const { profile } = (await profiler!.post("Profiler.stop")) as { profile: CpuProfile };
      profiler!.disconnect();
      profiler = undefined;
      const directory = process.env.BENCH_WEB_PROFILE_DIR;
      if (directory) mkdirSync(directory, { recursive: true });
      if (directory) writeFileSync(path.join(directory, `${profiledPage.replace(/[^\w.-]+/g, "_")}.cpuprofile`), JSON.stringify(profile));
      process.send!({ type: "profile", top: topSelfTime(profile, 10) });
    })();
  }
});
process.send!({ type: "ready", url: `http://localhost:${port}`, processes });
