/**
 * The web app as a cluster (server/app-cluster.ts, what `npm start` runs; ADR 028): any worker serves any signed-in
 * participant, because sessions live in PostgreSQL, not in a process. The workers serve the production build, as
 * under `npm start` (Vitest's global setup makes sure build/ is current), and are the compiled worker `npm start` forks;
 * the cluster, the shared port and the session path are the same code `npm start` runs.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setSessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { ensureServicesBuild, servicesEntry } from "../../scripts/lib/services-build";
import { startAppCluster, type AppCluster } from "../../server/app-cluster";
import { startMetricsServer } from "@tsunagi/service-kit/metrics";
import { useTestDatabase } from "../support/database";
import { scrape, valueOf } from "../support/prometheus-text";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();

let cluster: AppCluster | undefined;
const logged: string[] = [];

beforeAll(async () => {
  // The compiled worker, as `npm start` forks it (ADR 081): from source, each worker compiled the server through tsx
  // (about 13 of this file's 20 CPU-seconds, four workers started).
  await ensureServicesBuild();
  // As when METRICS_PORT is set: each worker times its requests for the primary's /metrics (ADR 169).
  process.env.METRICS_PORT = "0";
  cluster = await startAppCluster({ workers: 2, port: 0, host: "127.0.0.1", mode: "production", log: (line) => logged.push(line), workerScript: servicesEntry("app-worker") });
}, 180_000);

afterAll(async () => {
  delete process.env.METRICS_PORT;
  await cluster?.close();
}, 30_000);

/** One GET on a connection of its own, so the primary hands each to the next worker in turn. */
function get(path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port: cluster!.port, path, headers: { cookie }, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

/** Kills a worker as a crash would, and waits until the cluster has replaced it. */
async function crash(pid: number): Promise<void> {
  process.kill(pid, "SIGKILL");
  while (cluster!.workerPids().includes(pid) || cluster!.workerPids().length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe("the app cluster", () => {
  it("hands the primary each worker's metrics, which its /metrics sums: every request counted once, whichever worker took it", async () => {
    const counted = async () => {
      const workers = await cluster!.workerMetrics();
      expect(workers).toHaveLength(2);
      const server = await startMetricsServer({ host: "127.0.0.1", port: 0 }, async () => workers);
      try {
        return valueOf(await scrape(server.url), "tsunagi_http_request_duration_seconds_count", { service: "app" });
      } finally {
        await server.close();
      }
    };
    const before = await counted();
    for (let index = 0; index < 6; index++) expect((await get("/healthz", "")).status).toBe(200);
    expect((await counted()) - before).toBe(6);
  });

  it("serves a signed-in participant's consent from whichever worker takes the request, including workers started after the sign-in", async () => {
    const participant = await consentedParticipant({ language: "en" });
    const { token } = await createSession(getDatabase(), { userId: participant.user!.id, role: "participant", secondFactorVerified: true });
    const cookie = (await setSessionCookie(token, new Date(Date.now() + 3_600_000))).split(";")[0]!;
    const original = cluster!.workerPids();
    expect(original).toHaveLength(2);

    // Fresh connections go to the workers in turn: both answer as the participant.
    const first = await Promise.all([1, 2, 3, 4].map(() => get("/consent", cookie)));
    for (const page of first) {
      expect(page.status).toBe(200);
      expect(page.body).toContain(participant.version.version);
    }

    // Replace both workers that were there when the session was made; the new ones know it all the same.
    for (const pid of original) await crash(pid);
    expect(cluster!.workerPids().some((pid) => original.includes(pid))).toBe(false);
    for (const path of ["/consent", "/consent/history", "/consent", "/consent/history"]) {
      const page = await get(path, cookie);
      expect(page.status).toBe(200);
      expect(page.body).toContain(participant.version.version);
    }

    // And nobody else is let in by a worker's memory of that participant.
    const stranger = await get("/consent", "tsunagi_session=bm90LWEtdG9rZW4");
    expect(stranger.status).toBe(302);
  }, 180_000);

  it("does not replace a worker that Ctrl+C stopped (a clean exit), while the other keeps serving", async () => {
    const [stopped, serving] = cluster!.workerPids();
    logged.length = 0;
    process.kill(stopped!, "SIGINT");
    while (cluster!.workerPids().includes(stopped!)) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cluster!.workerPids()).toEqual([serving]);
    expect(logged).toEqual([]);
    expect((await get("/healthz", "")).status).toBe(200);
  }, 60_000);
});
