// The short fault-injection run (issue 17 item 3; bench/chaos/run-chaos.ts): 1,000 consent changes while the app, a
// relay and a bridge replica are killed with SIGKILL twice each, a node of the three-node NATS cluster once and
// PostgreSQL is restarted once. Real processes on loopback; `npm run chaos` is the 10,000-change run.
import { expect, it } from "vitest";
import { formatChaosReport, runChaos } from "../../bench/chaos/run-chaos";

it("through kills of every kind, every replica ends at the ledger's state, never answers from an older version, and never allows a withdrawal past the bound", async () => {
  const report = await runChaos({ changes: 1_000, seed: 23, kills: { app: 2, relay: 2, bridge: 2, nats: 1, postgres: 1 }, log: () => undefined });
  console.log(formatChaosReport(report));
  expect(report.committed).toBeGreaterThanOrEqual(1_000);
  expect(report.kills.map((kill) => kill.kind).sort()).toEqual(["app", "app", "bridge", "bridge", "nats", "postgres", "relay", "relay"]);
  expect(report.withdrawals).toBeGreaterThan(50);
  expect(report.inStream).toBe(report.committed);
  expect(report.projectionMismatches).toEqual([]);
  expect(report.versionRegressions).toEqual([]);
  expect(report.violations).toEqual([]);
}, 900_000);
