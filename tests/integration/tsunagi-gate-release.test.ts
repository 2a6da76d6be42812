// `tsunagi-gate release` run as release tooling runs it (a child process, through its PATH shim) against a real
// bridge on a real database, fed by the real outbox relay from consents the app's own verbs recorded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { compactVerify, createLocalJWKSet, flattenedVerify, type JSONWebKeySet } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { revokeApproval } from "../../app/domain/access/approvals/change-approval-status.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { createTestApproval } from "../support/approvals";
import { useTestDatabase } from "../support/database";
import { runGateCli as gate, useAlteringProxy, useRelayedBridge } from "../support/gate-cli";
import { eventually } from "../support/outbox-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const database = useTestDatabase();
useTempDataDir();
const bridge = useRelayedBridge(database, "tsunagi-gate-release");

const research = "DUO:0000006";
const dataset = "wgs-cli-test-01";
const uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let gateEnv: Record<string, string>;
let jwks: ReturnType<typeof createLocalJWKSet>;
let first: ConsentedParticipant;
let second: ConsentedParticipant;
let withdrawn: ConsentedParticipant;
let probeToken: string;
/** The data-access approval the academia releases are made under (ADR 041). */
let approval: string;

/** Waits until the relay has brought the bridge the participant's latest consent (the test probe's own token). */
const untilBridgeSays = (subject: string, reason: string) => bridge.untilReason(probeToken, { subject, action: "release", purpose: research, recipient: "academia" }, reason);

/**
 * What the gate wrote in the detached form (ADR 160), verified with jose: each line the bytes of one signed payload as
 * the bridge sent them, and `<out>.jws` their signatures line for line.
 */
async function verifiedLines(out: string): Promise<Record<string, unknown>[]> {
  const lines = readFileSync(out, "utf8").split("\n").slice(0, -1);
  const signatures = readFileSync(`${out}.jws`, "utf8").split("\n").slice(0, -1);
  expect(signatures).toHaveLength(lines.length);
  const verified = [];
  for (const [index, line] of lines.entries()) {
    const [protectedHeader, , signature] = signatures[index]!.split(".");
    const { payload } = await flattenedVerify({ protected: protectedHeader!, payload: Buffer.from(line, "utf8"), signature: signature! }, jwks);
    verified.push(JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>);
  }
  return verified;
}

/** A manifest as written in the attached form: verified on its own with jose against the bridge's published keys. */
async function verifiedManifest(text: string): Promise<Record<string, unknown>> {
  const { jws, recheck: _recheck, ...unsigned } = JSON.parse(text) as Record<string, unknown> & { jws: string };
  const { payload } = await compactVerify(jws, jwks);
  expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(unsigned);
  return unsigned;
}

beforeAll(async () => {
  const releaser = await issueApiToken({ name: "release tooling", scopes: ["gate:release", "gate:datasets"], createdById: null });
  probeToken = (await issueApiToken({ name: "test probe", scopes: ["gate:release"], createdById: null })).token;
  gateEnv = { TSUNAGI_GATE_URL: bridge.url, TSUNAGI_GATE_TOKEN: releaser.token };
  jwks = createLocalJWKSet((await (await fetch(`${bridge.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);

  // Clocks started a year ago: industry is under its moratorium, nothing may go to the public yet.
  const clocks = await fetch(`${bridge.url}/v1/datasets/${dataset}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${releaser.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "CLI test cohort", clockStartsAt: new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString(), publicationMoratoriumMonths: 24, publicDatabaseAfterMonths: 30 }),
  });
  expect(clocks.status).toBe(200);

  approval = (await createTestApproval({ datasets: [dataset] })).id;
  first = await consentedParticipant({ language: "en" });
  second = await consentedParticipant({ language: "en" });
  withdrawn = await consentedParticipant({ language: "en" });
  await withdrawOnline(withdrawn);
  await untilBridgeSays(first.sampleCodes[0]!, "consented");
  await untilBridgeSays(second.sampleCodes[0]!, "consented");
  await untilBridgeSays(withdrawn.sampleCodes[0]!, "withdrawn_no_further_use");
  await eventually("the approval delivered", async () => (await getDatabase().approvalOutbox.count({ where: { bridgeDeliveredAt: null } })) === 0);
}, 60_000);

describe("tsunagi-gate release against a real bridge", () => {
  it("releases what consent allows, writes the signed manifest, counts the rest by reason (exit 0); --show re-checks it after a withdrawal", async () => {
    const out = path.join(bridge.workDir, "manifest.json");
    const samples = [...first.sampleCodes, withdrawn.sampleCodes[0]!, "S-NOBODY0001", ...second.sampleCodes, withdrawn.sampleCodes[1]!];
    const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples", samples.join(","), "--out", out], gateEnv);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      new RegExp(`^tsunagi-gate: release (${uuid}) of ${dataset} to academia — included 4, excluded 3 \\(unknown_subject 1, withdrawn_no_further_use 2\\); manifest written to ${out.replace(/[.]/g, "\\.")}\\n$`),
    );
    expect(run.code).toBe(0);
    const releaseId = /release (\S+) of/.exec(run.stderr)![1]!;
    // Asked for and written in the detached form: the manifest's bytes as sent, its signature beside them.
    const [manifest] = await verifiedLines(out);
    expect(manifest).toMatchObject({
      releaseId,
      dataset: { id: dataset },
      recipient: "academia",
      purpose: research,
      requestedCount: 7,
      included: [...first.sampleCodes, ...second.sampleCodes],
      excludedCounts: { unknown_subject: 1, withdrawn_no_further_use: 2 },
    });

    const unchanged = await gate(["release", "--show", releaseId], gateEnv);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stderr).toMatch(/— included 4, excluded 3 \(unknown_subject 1, withdrawn_no_further_use 2\); re-checked \S+: still releasable 4, excluded since 0\n$/);
    // The stored manifest, byte for byte what the release answered; then the re-check.
    const [storedLine, recheckLine] = unchanged.stdout.split("\n");
    expect(storedLine).toBe(readFileSync(out, "utf8").split("\n")[0]);
    expect(JSON.parse(recheckLine!)).toMatchObject({ releaseId, stillIncludedCount: 4, excludedSince: [] });

    // The first participant withdraws after the release: shipping it now would send two samples it may not.
    await withdrawOnline(first);
    await untilBridgeSays(first.sampleCodes[0]!, "withdrawn_no_further_use");
    const shown = path.join(bridge.workDir, "shown.json");
    const rechecked = await gate(["release", "--show", releaseId, "--out", shown], gateEnv);
    expect(rechecked.code).toBe(0);
    expect(rechecked.stderr).toMatch(/; re-checked \S+: still releasable 2, excluded since 2 \(withdrawn_no_further_use 2\); manifest written to \S+\n$/);
    const [shownManifest, recheck] = await verifiedLines(shown);
    expect(shownManifest).toEqual(manifest);
    expect(recheck).toMatchObject({ releaseId, stillIncludedCount: 2, excludedSince: first.sampleCodes });
  });

  it("reads the samples from stdin, and exits 1 (manifest still signed and printed) when none may be released", async () => {
    const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples-file", "-"], gateEnv, `# withdrawn\n${withdrawn.sampleCodes.join("\n")}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^tsunagi-gate: release ${uuid} of ${dataset} to academia — included 0, excluded 2 \\(withdrawn_no_further_use 2\\)\\n$`));
    expect(JSON.parse(run.stdout)).toMatchObject({ included: [], excludedCounts: { withdrawn_no_further_use: 2 } });
  });

  it("exits 1 with the bridge's signed refusal for a release naming no approval, or one revoked since; 2 for an id that is none", async () => {
    const samples = second.sampleCodes.join(",");
    const without = await gate(["release", "--dataset", dataset, "--recipient", "industry", "--purpose", research, "--samples", samples], gateEnv);
    expect(without).toMatchObject({ code: 1, stdout: "", stderr: `tsunagi-gate: release of ${dataset} to industry denied — approval_required (no approval named)\n` });
    const outside = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--recipient-institution", "Osaka University", "--samples", samples], gateEnv);
    expect(outside).toMatchObject({ code: 1, stderr: `tsunagi-gate: release of ${dataset} to academia denied — approval_recipient_not_covered (approval ${approval} v1)\n` });

    const revoked = (await createTestApproval({ datasets: [dataset] })).id;
    await revokeApproval({ approvalId: revoked, reason: "Breach of the data policy", actor: { userId: "00000000-0000-4000-8000-000000000001" } });
    const refused = await eventually("the revocation at the bridge", async () => {
      const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", revoked, "--samples", samples], gateEnv);
      return run.stderr.includes("approval_revoked") && run;
    });
    expect(refused).toMatchObject({ code: 1, stdout: "", stderr: `tsunagi-gate: release of ${dataset} to academia denied — approval_revoked (approval ${revoked} v2)\n` });
    expect((await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", "DA-2026-0001", "--samples", samples], gateEnv)).code).toBe(2);
  });

  it("exits 1 for the public before the dataset's public-database date, whatever consent says", async () => {
    const run = await gate(["release", "--dataset", dataset, "--recipient", "public", "--purpose", research, "--samples", second.sampleCodes.join(",")], gateEnv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ to public — included 0, excluded 2 \(embargo_public_database 2\)\n$/);
  });

  it("exits 3 with the bridge's refusal for an unknown dataset, an unknown release, or a token without gate:release", async () => {
    const unknownDataset = await gate(["release", "--dataset", "no-such-dataset", "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples", second.sampleCodes[0]!], gateEnv);
    expect(unknownDataset).toMatchObject({ code: 3, stdout: "", stderr: "tsunagi-gate: cannot verify release of no-such-dataset — the bridge refused the release: 404 unknown_dataset\n" });
    const unknownRelease = await gate(["release", "--show", "00000000-0000-4000-8000-000000000000"], gateEnv);
    expect(unknownRelease).toMatchObject({ code: 3, stderr: "tsunagi-gate: cannot verify release 00000000-0000-4000-8000-000000000000 — the bridge refused it: 404 unknown_release\n" });
    const checker = await issueApiToken({ name: "analysis only", scopes: ["gate:analyze"], createdById: null });
    const unscoped = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples", second.sampleCodes[0]!], { ...gateEnv, TSUNAGI_GATE_TOKEN: checker.token });
    expect(unscoped).toMatchObject({ code: 3, stderr: `tsunagi-gate: cannot verify release of ${dataset} — the bridge refused the release: 403 forbidden: scope_missing\n` });
  });

  describe("through a proxy that speaks only the attached form (a bridge from before ADR 160, for the stated period)", () => {
    const proxy = useAlteringProxy(bridge, async (body) => body);

    it("verifies the attached form and writes it as received", async () => {
      const out = path.join(bridge.workDir, "attached.json");
      const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples", second.sampleCodes.join(","), "--out", out], { ...gateEnv, TSUNAGI_GATE_URL: proxy.url });
      expect(run).toMatchObject({ code: 0, stdout: "" });
      expect(await verifiedManifest(readFileSync(out, "utf8"))).toMatchObject({ included: second.sampleCodes });
      const shown = await gate(["release", "--show", /release (\S+) of/.exec(run.stderr)![1]!], { ...gateEnv, TSUNAGI_GATE_URL: proxy.url });
      expect(shown.code).toBe(0);
      expect((JSON.parse(shown.stdout) as { recheck: { stillIncludedCount: number } }).recheck.stillIncludedCount).toBe(2);
    });
  });

  for (const passForm of [false, true]) {
    describe(`through a proxy that adds a withdrawn sample to the manifest (${passForm ? "detached" : "attached"} form)`, () => {
      const proxy = useAlteringProxy(
        bridge,
        async (body, pathname) => {
          if (pathname === "/v1/releases" && Array.isArray(body.included)) {
            // Consistent counts, so only the signature can tell.
            body.included = [...(body.included as string[]), withdrawn.sampleCodes[0]];
            body.includedCount = (body.included as string[]).length;
            body.excludedCounts = { withdrawn_no_further_use: 1 };
          }
          return body;
        },
        { passForm },
      );

      it("exits 3 and writes no manifest", async () => {
        const out = path.join(bridge.workDir, `tampered-${passForm}.json`);
        const samples = [second.sampleCodes[0]!, withdrawn.sampleCodes[0]!].join(",");
        const run = await gate(["release", "--dataset", dataset, "--recipient", "academia", "--purpose", research, "--approval", approval, "--samples", samples, "--out", out], { ...gateEnv, TSUNAGI_GATE_URL: proxy.url });
        const why = passForm ? "the answer's signature does not verify against the bridge's keys" : "the bridge's answer differs from what it signed (altered in transit?)";
        expect(run).toMatchObject({ code: 3, stdout: "", stderr: `tsunagi-gate: cannot verify release of ${dataset} — ${why}\n` });
        expect(() => readFileSync(out)).toThrow(/ENOENT/);
      });
    });
  }
});
