// The short fault-injection run (issue 17 item 3; bench/chaos/run-chaos.ts): 500 consent changes while the app, a
// relay, a bridge replica and a node of the three-node NATS cluster are each killed with SIGKILL once and PostgreSQL
// is restarted once: the smallest run that still has every kind of kill (issue 26; it was 1,000 changes with the app,
// relay and bridge killed twice). Real processes on loopback; `npm run chaos` is the 10,000-change run (the
// app, relay and bridge killed six times each, NATS nodes five times, PostgreSQL restarted twice).
import { expect, it } from "vitest";
import { formatChaosReport, runChaos } from "../../bench/chaos/run-chaos";

it("through kills of every kind, every replica ends at the ledger's state, never answers from an older version, and never allows a withdrawal past the bound", async () => {
  const report = await runChaos({ changes: 500, seed: 23, kills: { app: 1, relay: 1, bridge: 1, nats: 1, postgres: 1 }, log: () => undefined });
  console.log(formatChaosReport(report));
  expect(report.committed).toBeGreaterThanOrEqual(500);
  expect(report.kills.map((kill) => kill.kind).sort()).toEqual(["app", "bridge", "nats", "postgres", "relay"]);
  expect(report.withdrawals).toBeGreaterThan(25);
  expect(report.inStream).toBe(report.committed);
  expect(report.projectionMismatches).toEqual([]);
  expect(report.versionRegressions).toEqual([]);
  expect(report.violations).toEqual([]);
}, 900_000);
