// The log-privacy check (issue 12 item 6; ADR 027), run by `npm test` after the browser tests: every line each
// browser-test server's services wrote (app, relay, bridge, checkpointer, into LOG_FILE) is a JSON line with the
// fields operators query, and none holds a demo participant's name, e-mail address or birth date — nor any account's,
// nor a demo password or token. Missing or empty logs fail it: it cannot pass without a run to read.
// Run on its own config (vitest.config.ts in this folder) so `vitest run` never reads a stale or absent run.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { e2eServer, e2eWorkerCount } from "../e2e/support/e2e-servers";
import { checkServerLogs } from "./log-privacy";

describe("the browser run's logs", () => {
  for (const server of Array.from({ length: e2eWorkerCount() }, (_, index) => e2eServer(index))) {
    it(`of server ${server.index} (${server.logFile}) are JSON lines with level, time, service and, for requests, id, route, status and duration, and hold no demo person's data`, () => {
      const { findings, summary, secrets } = checkServerLogs({ logFile: path.resolve(server.logFile), demoFile: path.resolve(server.dataFolder, "demo.json") });
      const report = findings.slice(0, 40).map((finding) => `${finding.file}:${finding.line}: ${finding.problem}`);
      expect(report, `${findings.length} finding(s)`).toEqual([]);
      // Not vacuous: the demo file named people, and every service wrote.
      expect(secrets).toBeGreaterThan(20);
      console.info(`${server.logFile}: ${summary!.lines} lines, by service ${JSON.stringify(summary!.services)}, requests ${JSON.stringify(summary!.requests)}; checked for ${secrets} demo values`);
    });
  }
});
