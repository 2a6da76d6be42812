import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { seedDemoAccounts } from "../../app/domain/demo/seed-demo-accounts.server";
import { seedDemoParticipants } from "../../app/domain/demo/seed-demo-participants.server";
import { verifyPassword } from "../../app/domain/auth/password.server";
import { authenticateApiToken } from "../../app/domain/api-tokens/authenticate-api-token.server";
import { gateActions } from "@tsunagi/consent-rules/choice-catalogue";
import { requireParticipantInScope } from "../../app/domain/facilities/require-participant-in-scope.server";
import { seed } from "../../prisma/seed";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

async function stateOf(pseudonym: string) {
  const participant = await getDatabase().participant.findUniqueOrThrow({ where: { pseudonym }, include: { state: true } });
  return projectionFromRow(participant.state!);
}

describe("demo participants", () => {
  it("puts one participant in each named state, with sign-ins that work, and a ledger that verifies", async () => {
    const accounts = await seedDemoAccounts([]);
    const participants = await seedDemoParticipants([], accounts);
    expect(participants.map((entry) => entry.state).sort()).toEqual(["consented", "proxy_with_child", "reconsent_required", "secondary_findings_declined", "withdrawn"]);

    const byState = Object.fromEntries(participants.map((entry) => [entry.state, entry]));
    const analyze = { action: "analyze", purpose: "DUO:0000006" } as const;
    expect(decideAction(await stateOf(byState.consented!.pseudonym), analyze).allowed).toBe(true);
    const declined = await stateOf(byState.secondary_findings_declined!.pseudonym);
    expect(declined.choices["findings.secondary.hereditary_cancer"]).toBe("not_want");
    expect(decideAction(declined, { action: "return_secondary", findingsCategory: "hereditary_cancer" }).reason).toBe("choice_declined");
    expect((await stateOf(byState.reconsent_required!.pseudonym)).status).toBe("reconsent_required");
    expect((await stateOf(byState.consented!.pseudonym)).status).toBe("active");
    const withdrawn = await stateOf(byState.withdrawn!.pseudonym);
    expect([withdrawn.status, withdrawn.withdrawalLevel]).toEqual(["withdrawn", "no_further_use"]);
    const child = await stateOf(byState.proxy_with_child!.pseudonym);
    expect([child.status, child.consentedBy]).toEqual(["active", "proxy"]);

    for (const entry of participants) {
      expect(entry.sampleCodes).toHaveLength(2);
      const user = await getDatabase().user.findUniqueOrThrow({ where: { email: entry.signIn.email } });
      expect(await verifyPassword(user.passwordHash!, entry.signIn.password)).toBe(true);
    }
    expect((await verifyLedger()).ok).toBe(true);
  }, 120_000);

  it("is idempotent: a second run keeps every participant, pseudonym and password", async () => {
    const accounts = await seedDemoAccounts([]);
    const first = await seedDemoParticipants([], accounts);
    const eventsBefore = await getDatabase().consentEvent.count();
    const second = await seedDemoParticipants(first, await seedDemoAccounts(accounts));
    expect(second).toEqual(first);
    expect(await getDatabase().consentEvent.count()).toBe(eventsBefore);
  }, 120_000);
});

describe("the demo file", () => {
  it("hands the pipeline client a bridge token allowed every gate action, and each participant's sample ids, kept across runs", async () => {
    const first = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    expect(first.bridgeToken).toMatch(/^tsg_/);
    for (const action of gateActions) {
      expect((await authenticateApiToken({ authorization: `Bearer ${first.bridgeToken}`, scope: `gate:${action}` })).ok).toBe(true);
    }
    expect((await authenticateApiToken({ authorization: `Bearer ${first.bridgeToken}`, scope: "gate:events" })).ok).toBe(true);
    // Not the relay's scope: a demo client cannot feed the bridge consent changes.
    expect(await authenticateApiToken({ authorization: `Bearer ${first.bridgeToken}`, scope: "bridge:ingest" })).toMatchObject({ ok: false, reason: "scope" });
    const samples = await getDatabase().sample.findMany({ select: { sampleCode: true, participant: { select: { pseudonym: true } } } });
    for (const entry of first.participants) {
      expect(entry.sampleCodes).toEqual(samples.filter((sample) => sample.participant.pseudonym === entry.pseudonym).map((sample) => sample.sampleCode).sort());
    }

    const second = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    expect(second.bridgeToken).toBe(first.bridgeToken);
  }, 120_000);
});

describe("the demo facilities", () => {
  it("seeds two, with the coordinator at one, the counsellor at the other and participants at both, as demo.json says", async () => {
    const demo = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    expect(demo.facilities.map((facility) => [facility.code, facility.kind])).toEqual([
      ["DEMO01", "cancer_genomics_core"],
      ["DEMO02", "cancer_genomics_cooperating"],
    ]);
    const account = (role: string) => demo.accounts.find((entry) => entry.role === role)!;
    expect([account("coordinator").facilities, account("counsellor").facilities, account("admin").facilities, account("participant").facilities]).toEqual([["DEMO01"], ["DEMO02"], [], undefined]);
    const at = (code: string) => demo.participants.filter((entry) => entry.facility === code).map((entry) => entry.state).sort();
    expect(at("DEMO01")).toEqual(["consented", "proxy_with_child", "reconsent_required"]);
    expect(at("DEMO02")).toEqual(["secondary_findings_declined", "withdrawn"]);

    const coordinator = await getDatabase().user.findUniqueOrThrow({ where: { email: account("coordinator").email } });
    for (const entry of demo.participants) {
      const participant = await getDatabase().participant.findUniqueOrThrow({ where: { pseudonym: entry.pseudonym }, include: { facility: true } });
      expect(participant.facility.code).toBe(entry.facility);
      const reached = requireParticipantInScope({ staffUserId: coordinator.id, participantId: participant.id, path: "/test", request: { ipAddress: "127.0.0.1", userAgent: "vitest" } });
      if (entry.facility === "DEMO01") await expect(reached).resolves.toMatchObject({ participantId: participant.id });
      else await expect(reached).rejects.toMatchObject({ code: "not_found" });
    }
  }, 120_000);

  it("moves demo participants of a database seeded before facilities (all at DEMO01) to where the demo puts them", async () => {
    const first = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    const demo01 = await getDatabase().facility.findUniqueOrThrow({ where: { code: "DEMO01" } });
    await getDatabase().participant.updateMany({ where: { pseudonym: { in: first.participants.map((entry) => entry.pseudonym) } }, data: { facilityId: demo01.id } });
    const second = await seed({ appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" });
    expect(second.participants).toEqual(first.participants);
    const codes = await getDatabase().participant.findMany({ where: { pseudonym: { in: second.participants.map((entry) => entry.pseudonym) } }, select: { pseudonym: true, facility: { select: { code: true } } } });
    expect(Object.fromEntries(codes.map((row) => [row.pseudonym, row.facility.code]))).toEqual(Object.fromEntries(second.participants.map((entry) => [entry.pseudonym, entry.facility])));
  }, 120_000);
});
