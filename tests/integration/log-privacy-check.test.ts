// The log-privacy check (tests/log-privacy; ADR 027) can fail: fed lines that hold a demo participant's e-mail,
// name or birth date — taken from a real seed, as the check after a browser run takes them — or lines that are
// not the JSON operators query, it reports each; fed what the real logger writes, it reports nothing.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pathForLog, serviceLogger } from "@tsunagi/service-kit/logger";
import type { DemoFile } from "../../app/wiring/demo/demo-file";
import { seed } from "../../scripts/seed";
import { checkLogText, checkServerLogs, secretsOf, type Secret } from "../log-privacy/log-privacy";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const time = "2026-01-01T00:00:00.000Z";
const line = (fields: Record<string, unknown>) => JSON.stringify({ level: "info", time, pid: 1, service: "app", msg: "request", requestId: "r-1", method: "GET", route: "routes/participant/consent._index", status: 200, durationMs: 3.2, ...fields });

describe("the log-privacy check", () => {
  let demo: DemoFile;
  let secrets: Secret[];
  beforeAll(async () => {
    demo = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    secrets = secretsOf(demo);
  }, 60_000);

  it("takes every demo participant's name, birth date and e-mail from the seed", () => {
    expect(demo.participants.length).toBeGreaterThanOrEqual(5);
    for (const participant of demo.participants) {
      expect(secrets.map((secret) => secret.value)).toEqual(expect.arrayContaining([participant.fullName, participant.dateOfBirth, participant.signIn.email]));
    }
  });

  it("finds a demo participant's e-mail, name and birth date in a line, however the name or date is spelled", () => {
    const [first, second] = demo.participants;
    const findings = checkLogText(
      [
        line({}),
        line({ msg: "invitation could not be mailed", error: `recipient ${first!.signIn.email} refused` }),
        line({ note: first!.fullName.replace(/\s+/g, "") }),
        line({ note: second!.dateOfBirth.replaceAll("-", "/") }),
      ].join("\n"),
      secrets,
    );
    expect(findings.map((finding) => [finding.line, finding.problem])).toEqual([
      [2, `holds the e-mail of demo participant ${first!.pseudonym}`],
      [2, "holds an e-mail address"],
      [3, `holds the name of demo participant ${first!.pseudonym}`],
      [4, `holds the birth date of demo participant ${second!.pseudonym}`],
    ]);
  });

  it("finds any e-mail address, lines that are not JSON, and lines without their fields", () => {
    const findings = checkLogText(
      [
        line({ error: "550 <someone@example.jp> rejected" }),
        "[app] 404 GET /invite/Q7XK2M",
        JSON.stringify({ level: 30, time: Date.now(), msg: "no names" }),
        line({ requestId: undefined, route: "/invite?code=Q7XK2M" }),
      ].join("\n"),
      secrets,
    );
    expect(findings.map((finding) => [finding.line, finding.problem])).toEqual([
      [1, "holds an e-mail address"],
      [2, "is not a JSON object"],
      [3, "has no level name (level 30)"],
      [3, expect.stringMatching(/^has no UTC ISO 8601 time \(time \d+\)$/)],
      [3, "names no service (service undefined)"],
      [4, "is a request without requestId"],
      [4, 'is a request without a route, or with a query ("/invite?code=Q7XK2M")'],
    ]);
  });

  it("fails an empty or missing log, never passes it", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "tsunagi-log-check-"));
    const demoFile = path.join(folder, "demo.json");
    writeFileSync(demoFile, JSON.stringify(demo));
    const empty = path.join(folder, "empty.log");
    writeFileSync(empty, "");
    expect(checkServerLogs({ logFile: empty, demoFile }).findings.map((finding) => finding.problem)).toContain("the log is empty");
    expect(checkServerLogs({ logFile: path.join(folder, "none.log"), demoFile }).findings.map((finding) => finding.problem)).toEqual([
      "the log file is missing: run the browser tests first (npx playwright test)",
    ]);
  });

  it("passes what the real logger writes, even when code hands it a demo person's data under a known key", () => {
    const participant = demo.participants[0]!;
    const log = serviceLogger("app");
    log.warn({ participantId: participant.pseudonym, email: participant.signIn.email, identity: { fullName: participant.fullName, dateOfBirth: participant.dateOfBirth } }, "a careless line");
    log.warn({ error: new Error(`550 mailbox <${participant.signIn.email}> unavailable`).message }, "mail not sent");
    log.info({ requestId: "r-2", method: "GET", route: pathForLog(`/invite/Q7XK2M?email=${participant.signIn.email}`), status: 200, durationMs: 1 }, "request");
    const written = loggedLines().map((entry) => JSON.stringify(entry));
    expect(written).toHaveLength(3);
    expect(checkLogText(written.join("\n"), secrets)).toEqual([]);
  });
});
