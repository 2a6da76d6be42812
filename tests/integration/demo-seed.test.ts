import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { consultationStatus } from "../../app/domain/consultations/consultation-model";
import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { projectionFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { seedDemoAccounts } from "../../app/wiring/demo/seed-demo-accounts.server";
import { seedDemoFamily } from "../../app/wiring/demo/seed-demo-family.server";
import { seedDemoParticipants } from "../../app/wiring/demo/seed-demo-participants.server";
import { verifyPassword } from "../../app/domain/auth/password.server";
import { authenticateApiToken } from "../../app/domain/api-tokens/authenticate-api-token.server";
import { gateActions } from "@tsunagi/consent-rules/choice-catalogue";
import { requireParticipantInScope } from "../../app/domain/facilities/require-participant-in-scope.server";
import { seed } from "../../scripts/seed";
import { submitFinding } from "../../app/domain/findings/submit-finding.server";
import { listFindingQueue } from "../../app/domain/findings/list-finding-queue.server";
import { demoCampaignTitle } from "../../app/wiring/demo/seed-demo-recontact-campaign.server";
import { demoLabId, demoReportPdf } from "../../app/wiring/demo/seed-demo-findings.server";
import { demoReportSenderId } from "../../app/wiring/demo/seed-demo-results.server";
import { loadCommittee } from "../../app/domain/access/committee/manage-committee.server";
import { listRegisterEntries } from "../../app/domain/access/register/list-register-entries.server";
import { demoApplicationStates } from "../../app/wiring/demo/demo-file";
import { demoDatasetId, seedDemoRelease } from "../../app/wiring/demo/seed-demo-data-access.server";
import { seedDemoStudyInvitation } from "../../app/wiring/demo/seed-demo-study-invitation.server";
import { loadOwnStudyInvitations } from "../../app/domain/recontact/index.server";
import { useTestDatabase } from "../support/database";
import { startTestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";

const testDatabase = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();

async function stateOf(pseudonym: string) {
  const participant = await getDatabase().participant.findUniqueOrThrow({ where: { pseudonym }, include: { state: true } });
  return projectionFromRow(participant.state!);
}

describe("demo participants", () => {
  it("puts one participant in each named state, with sign-ins that work, and a ledger that verifies", async () => {
    const accounts = await seedDemoAccounts([]);
    const participants = await seedDemoParticipants([], accounts);
    expect(participants.map((entry) => entry.state).sort()).toEqual([
      "consented",
      "proxy_with_child",
      "reconsent_required",
      "secondary_findings_declined",
      "secondary_findings_undecided",
      "withdrawn",
    ]);

    const byState = Object.fromEntries(participants.map((entry) => [entry.state, entry]));
    const analyze = { action: "analyze", purpose: "DUO:0000006" } as const;
    expect(decideAction(await stateOf(byState.consented!.pseudonym), analyze).allowed).toBe(true);
    const declined = await stateOf(byState.secondary_findings_declined!.pseudonym);
    expect(declined.choices["findings.secondary.hereditary_cancer"]).toBe("not_want");
    expect(decideAction(declined, { action: "return_secondary", findingsCategory: "hereditary_cancer" }).reason).toBe("choice_declined");
    const undecided = await stateOf(byState.secondary_findings_undecided!.pseudonym);
    expect([undecided.status, undecided.choices["findings.secondary.hereditary_cancer"], undecided.choices["findings.secondary.other_actionable"]]).toEqual(["active", "undecided", "undecided"]);
    expect((await stateOf(byState.reconsent_required!.pseudonym)).status).toBe("reconsent_required");
    expect((await stateOf(byState.consented!.pseudonym)).status).toBe("active");
    const withdrawn = await stateOf(byState.withdrawn!.pseudonym);
    expect([withdrawn.status, withdrawn.withdrawalLevel]).toEqual(["withdrawn", "no_further_use"]);
    const child = await stateOf(byState.proxy_with_child!.pseudonym);
    expect([child.status, child.consentedBy]).toEqual(["active", "proxy"]);

    // The demo family account follows the consented participant with the summary, once however often it is seeded.
    const follows = await seedDemoFamily(participants, accounts);
    expect(await seedDemoFamily(participants, accounts)).toEqual(follows);
    expect(follows).toEqual([{ familyEmail: accounts.find((account) => account.role === "family")!.email, participantPseudonym: byState.consented!.pseudonym, participantName: byState.consented!.fullName, scope: "updates_and_summary" }]);
    const follower = await getDatabase().user.findUniqueOrThrow({ where: { email: follows[0]!.familyEmail } });
    expect(await getDatabase().familyAccess.count({ where: { familyUserId: follower.id, endedAt: null, pausedAt: null, scope: "updates_and_summary", participant: { pseudonym: byState.consented!.pseudonym } } })).toBe(1);

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

describe("the demo reports", () => {
  it("seeds released reports (the consented participant, the one who declined secondary findings, the proxy's child) and a sealed one, and a second run adds nothing", async () => {
    const urls = { appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" };
    const first = await seed(urls);
    const db = getDatabase();
    const reports = await db.analysisReport.findMany({
      where: { senderId: demoReportSenderId },
      select: { participant: { select: { pseudonym: true } }, versions: { select: { explanation: { select: { id: true } } } } },
    });
    const stateOf = (pseudonym: string) => first.participants.find((entry) => entry.pseudonym === pseudonym)!.state;
    expect(Object.fromEntries(reports.map((report) => [stateOf(report.participant.pseudonym), report.versions.map((version) => version.explanation !== null)]))).toEqual({
      consented: [true],
      secondary_findings_declined: [true],
      proxy_with_child: [true],
      secondary_findings_undecided: [false],
    });
    expect(first.reportsToken).toMatch(/^tsg_/);
    const counts = async () => [await db.analysisReport.count(), await db.analysisReportVersion.count(), await db.analysisReportExplanation.count()];
    const before = await counts();
    const second = await seed(urls);
    expect(await counts()).toEqual(before);
    expect(second.reportsToken).toBe(first.reportsToken);
  }, 180_000);
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
    expect(at("DEMO02")).toEqual(["secondary_findings_declined", "secondary_findings_undecided", "withdrawn"]);

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

describe("the demo programme updates (ADR 038)", () => {
  it("publishes a few in all three languages, one for the rare disease area, and a second run adds none", async () => {
    const urls = { appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" };
    await seed(urls);
    const db = getDatabase();
    const updates = await db.programmeUpdate.findMany({ include: { versions: true } });
    expect(updates.length).toBeGreaterThanOrEqual(3);
    for (const update of updates) {
      expect(update.publishedVersion).toBe(1);
      const [version] = update.versions;
      for (const text of [version!.titleJa, version!.titleJaEasy, version!.titleEn, version!.bodyJa, version!.bodyJaEasy, version!.bodyEn]) expect(text.length).toBeGreaterThan(0);
    }
    expect(updates.filter((update) => update.programmeArea === "rare_disease")).toHaveLength(1);
    expect(updates.filter((update) => update.audiences.includes("public")).length).toBeGreaterThanOrEqual(2);
    await seed(urls);
    expect(await db.programmeUpdate.count()).toBe(updates.length);
  }, 180_000);
});

describe("the demo consultations and panel meetings (issue 28)", () => {
  it("publishes one open to everyone and one closed with the demo participants' and families' answers and its report, a held panel meeting with its minutes and the next with its agenda, and a second run adds none", async () => {
    const urls = { appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" };
    await seed(urls);
    const db = getDatabase();
    const consultations = await db.consultation.findMany({ include: { _count: { select: { responses: true, questions: true } } } });
    const now = new Date();
    const open = consultations.filter((consultation) => consultationStatus(consultation, now) === "open");
    const closed = consultations.filter((consultation) => consultationStatus(consultation, now) === "closed");
    expect(open).toHaveLength(1);
    expect(open[0]!.audiences).toEqual(["public", "participants", "families", "panel"]);
    expect(closed).toHaveLength(1);
    expect(closed[0]!._count.responses).toBeGreaterThanOrEqual(3);
    for (const consultation of consultations) expect(consultation._count.questions).toBeGreaterThan(0);
    // Free text from the closed one waits for a moderator, personal data redacted.
    expect(await db.consultationAnswerText.count({ where: { response: { consultationId: closed[0]!.id }, moderation: "pending" } })).toBeGreaterThan(0);
    // Its "you said, we did" report (ADR 063): version 1 published, with quotations, and decisions in three states.
    const versions = await db.consultationReportVersion.findMany({ where: { consultationId: closed[0]!.id } });
    expect(versions.map((version) => [version.version, version.status])).toEqual([[1, "published"]]);
    expect((versions[0]!.quotations as unknown[]).length).toBeGreaterThan(0);
    const decisions = await db.consultationDecision.findMany({ where: { consultationId: closed[0]!.id }, orderBy: { position: "asc" } });
    expect(decisions.map((decision) => decision.state)).toEqual(["done", "adopted", "considered"]);
    // The panel's meetings (ADR 065): one held with its minutes, the next one announced.
    const meetings = await db.panelMeeting.findMany({ include: { minutes: true }, orderBy: { scheduledAt: "asc" } });
    expect(meetings.map((meeting) => [meeting.scheduledAt < now, meeting.minutes !== null])).toEqual([
      [true, true],
      [false, false],
    ]);
    await seed(urls);
    expect(await db.panelMeeting.count()).toBe(2);
    expect(await db.consultationReportVersion.count()).toBe(1);
    expect(await db.consultation.count()).toBe(consultations.length);
    expect(await db.consultationResponse.count()).toBe(closed[0]!._count.responses);
  }, 180_000);
});

describe("the demo findings and campaign", () => {
  const urls = { appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" };

  it("gives one finding to each findings preference (want, not_want, undecided) and one draft campaign, and a second run adds nothing", async () => {
    const first = await seed(urls);
    const db = getDatabase();
    const findingsOf = async () =>
      db.finding.findMany({
        where: { labId: demoLabId },
        select: { gene: true, category: true, latestVersion: true, participant: { select: { pseudonym: true } }, sample: { select: { kind: true } }, versions: { select: { classification: true } } },
      });
    const byPseudonym = (rows: Awaited<ReturnType<typeof findingsOf>>) => Object.fromEntries(rows.map((row) => [row.participant.pseudonym, row]));
    const pseudonymOf = (state: string) => first.participants.find((entry) => entry.state === state)!.pseudonym;

    const findings = byPseudonym(await findingsOf());
    expect(Object.keys(findings).sort()).toEqual([pseudonymOf("consented"), pseudonymOf("secondary_findings_declined"), pseudonymOf("secondary_findings_undecided")].sort());
    for (const [state, preference] of [["consented", "want"], ["secondary_findings_declined", "not_want"], ["secondary_findings_undecided", "undecided"]] as const) {
      const finding = findings[pseudonymOf(state)]!;
      // The participant's own choice for the finding's category is the preference the demo shows.
      expect((await stateOf(pseudonymOf(state))).choices[`findings.secondary.${finding.category}`], state).toBe(preference);
      expect(finding.sample.kind, state).toBe("blood");
      expect(finding.latestVersion, state).toBe(1);
      expect(["P", "LP"]).toContain(finding.versions[0]!.classification);
    }

    // The demo counsellor (DEMO02) is offered a conversation about the undecided participant's finding and never sees
    // the declined one's.
    const counsellor = await db.user.findUniqueOrThrow({ where: { email: first.accounts.find((entry) => entry.role === "counsellor")!.email } });
    const queue = await listFindingQueue({ userId: counsellor.id });
    expect(queue.map((entry) => [entry.pseudonym, entry.state])).toEqual([[pseudonymOf("secondary_findings_undecided"), "offer_counselling"]]);

    const campaigns = await db.recontactCampaign.findMany({ where: { title: demoCampaignTitle } });
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ kind: "new_study", state: "draft" });
    for (const message of [campaigns[0]!.messageJa, campaigns[0]!.messageJaEasy, campaigns[0]!.messageEn]) expect(message.length).toBeGreaterThan(0);
    const facilities = await db.facility.findMany({ where: { code: { in: ["DEMO01", "DEMO02"] } }, select: { id: true } });
    expect([...campaigns[0]!.facilityIds].sort()).toEqual(facilities.map((facility) => facility.id).sort());

    const counts = async () => [await db.finding.count(), await db.findingVersion.count(), await db.recontactCampaign.count(), await db.auditEvent.count({ where: { type: { in: ["finding.submitted", "recontact_campaign.created"] } } })];
    const before = await counts();
    const second = await seed(urls);
    expect(await counts()).toEqual(before);
    expect(second.findingsToken).toBe(first.findingsToken);
    expect(byPseudonym(await findingsOf())).toEqual(findings);
  }, 180_000);

  it("hands the analysis team a findingsToken that POST /api/v1/findings accepts, and only for findings", async () => {
    const demo = await seed(urls);
    expect(demo.findingsToken).toMatch(/^tsg_/);
    const consented = demo.participants.find((entry) => entry.state === "consented")!;
    const body = JSON.stringify({
      labId: "LAB-TOKYO-01",
      labFindingId: "F-DEMO-README",
      sampleCode: consented.sampleCodes[0],
      gene: "BRCA1",
      variant: "NM_007294.4:c.68_69del",
      classification: "P",
      evidenceSummary: "Frameshift; classified pathogenic by the ClinVar expert panel.",
      reportPdf: demoReportPdf().toString("base64"),
    });
    const response = await submitFinding({ authorization: `Bearer ${demo.findingsToken}`, contentType: "application/json", body, request: { ipAddress: "127.0.0.1", userAgent: "curl" } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ version: 1, created: true, gene: "BRCA1", category: "hereditary_cancer" });
    expect(await authenticateApiToken({ authorization: `Bearer ${demo.findingsToken}`, scope: "gate:analyze" })).toMatchObject({ ok: false, reason: "scope" });
  }, 120_000);
});

describe("the demo data access (issue 15 item 7)", () => {
  const urls = { appUrl: "http://localhost:3000", bridgeUrl: "http://localhost:3100" };

  it("seats a committee without a composition warning, puts one application in each state, and lists who plays which part", async () => {
    const demo = await seed(urls);
    const db = getDatabase();
    const access = demo.dataAccess!;
    const emailOf = (role: string) => demo.accounts.find((entry) => entry.role === role)!.email;
    expect([access.applicant, access.secretariat, access.chair]).toEqual([emailOf("applicant"), emailOf("dac_secretariat"), emailOf("dac_chair")]);
    expect(access.experts).toHaveLength(2);
    expect(access.panelMembers).toHaveLength(2);
    expect(access.experts).toContain(emailOf("dac_expert"));
    expect(access.panelMembers).toContain(emailOf("panel_member"));
    // Every person named has a sign-in in demo.json that works.
    for (const email of [access.applicant, access.secretariat, access.chair, ...access.experts, ...access.panelMembers]) {
      const account = demo.accounts.find((entry) => entry.email === email)!;
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      expect(await verifyPassword(user.passwordHash!, account.password), email).toBe(true);
    }

    const committee = await loadCommittee();
    expect(committee.warnings).toEqual([]);
    const seatOf = (email: string) => committee.members.find((member) => member.userId === idOf.get(email))?.seat;
    const idOf = new Map((await db.user.findMany({ select: { id: true, email: true } })).map((user) => [user.email, user.id]));
    expect([access.chair, ...access.experts, ...access.panelMembers].map(seatOf)).toEqual(["chair", "expert", "expert", "panel", "panel"]);
    expect(new Set(committee.members.map((member) => member.sex))).toEqual(new Set(["female", "male"]));
    const profile = await db.applicantProfile.findUniqueOrThrow({ where: { userId: idOf.get(access.applicant)! } });
    expect(profile.verifiedAt).not.toBeNull();

    expect(access.applications.map((entry) => entry.state)).toEqual([...demoApplicationStates]);
    for (const entry of access.applications) {
      const application = await db.dataAccessApplication.findUniqueOrThrow({ where: { id: entry.id } });
      expect([application.state, application.reference, application.applicantId], entry.state).toEqual([entry.state, entry.reference, idOf.get(access.applicant)]);
    }
    const byState = Object.fromEntries(access.applications.map((entry) => [entry.state, entry.id]));
    const returned = await db.dataAccessApplicationVersion.findMany({ where: { applicationId: byState.returned }, orderBy: { number: "asc" } });
    expect(returned.map((version) => [version.number, version.returnNote !== null, version.submittedAt !== null])).toEqual([[1, true, true], [2, false, false]]);
    // Under review: some comments and votes, the vote open, and the demo chair, expert and panel member yet to declare.
    const review = await db.dataAccessApplication.findUniqueOrThrow({ where: { id: byState.in_review }, include: { comments: true, votes: true, conflicts: true } });
    expect(review.comments.length).toBeGreaterThan(0);
    expect(review.votes.length).toBeGreaterThan(0);
    expect(review.voteClosedAt).toBeNull();
    expect(review.conflicts.map((row) => row.userId)).not.toContain(idOf.get(access.chair));
    expect((await db.applicationDecision.findFirstOrThrow({ where: { applicationId: byState.rejected } })).outcome).toBe("rejected");
    // In the approved one a member declared a conflict and was recused.
    expect(await db.conflictDeclaration.count({ where: { applicationId: byState.approved, conflicted: true } })).toBe(1);

    // The approval: active, in the public register, queued for the bridge, and the applicant told by mail.
    const approval = await db.dataAccessApproval.findUniqueOrThrow({ where: { id: access.approval.id } });
    expect([approval.applicationId, approval.status, approval.datasets]).toEqual([byState.approved, "active", [demoDatasetId]]);
    expect(approval.endsAt.getTime()).toBeGreaterThan(Date.now());
    const register = await listRegisterEntries();
    expect(register.map((entry) => [entry.reference, entry.status])).toEqual([[access.approval.applicationReference, "active"]]);
    expect(await db.approvalOutbox.count({ where: { approvalId: approval.id } })).toBe(1);
    expect(await db.mailMessage.count({ where: { template: "application-decision" } })).toBe(2);
  }, 180_000);

  it("adds nothing when seeded again, and keeps the extra committee accounts' passwords", async () => {
    const first = await seed(urls);
    const db = getDatabase();
    const counts = async () => [
      await db.user.count(),
      await db.committeeMember.count(),
      await db.applicantProfile.count(),
      await db.dataAccessApplication.count(),
      await db.dataAccessApplicationVersion.count(),
      await db.conflictDeclaration.count(),
      await db.applicationComment.count(),
      await db.applicationVote.count(),
      await db.applicationDecision.count(),
      await db.dataAccessApproval.count(),
      await db.approvalOutbox.count(),
      await db.mailMessage.count(),
      await db.auditEvent.count(),
    ];
    const before = await counts();
    const second = await seed(urls);
    expect(await counts()).toEqual(before);
    expect(second.dataAccess).toEqual(first.dataAccess);
    expect(second.accounts).toEqual(first.accounts);
  }, 180_000);

  it("makes one release under the approval through a running bridge and relay, and none again once demo.json lists it", async () => {
    const demo = await seed(urls);
    const bridge = await startTestBridge(testDatabase.url);
    relays.defer(() => bridge.close());
    await relays.start(bridge.url);
    const made = await seedDemoRelease({ demo, bridgeUrl: bridge.url, timeoutMs: 30_000, pollMs: 50 });
    if (!made.ok) throw new Error(made.reason);
    expect(made.created).toBe(true);
    expect(made.release).toMatchObject({ approvalId: demo.dataAccess!.approval.id, dataset: demoDatasetId, recipient: "academia", purpose: "DUO:0000006" });
    expect(made.release.requestedCount).toBe(demo.participants.flatMap((entry) => entry.sampleCodes).length);
    // Consent decides: the consented participant's samples go, the withdrawn participant's do not.
    expect(made.release.includedCount).toBeGreaterThan(0);
    expect(made.release.includedCount).toBeLessThan(made.release.requestedCount);
    // The bridge keeps it, stated under the approval.
    const stored = await bridge.get(`/v1/releases/${made.release.id}`, demo.bridgeToken);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ releaseId: made.release.id, approval: { id: demo.dataAccess!.approval.id, applicationReference: demo.dataAccess!.approval.applicationReference } });

    const listed = { ...demo, dataAccess: { ...demo.dataAccess!, release: made.release } };
    expect(await seedDemoRelease({ demo: listed, bridgeUrl: bridge.url })).toEqual({ ok: true, release: made.release, created: false });
    // And the next seed keeps the release demo.json lists under the same approval.
    const { writeDemoFile } = await import("../../scripts/seed");
    writeDemoFile(listed);
    expect((await seed(urls)).dataAccess!.release).toEqual(made.release);
  }, 180_000);

  it("asks the bridge for one study invitation under the approval, and the consented participant finds it open; none again once demo.json lists it", async () => {
    const demo = await seed(urls);
    const bridge = await startTestBridge(testDatabase.url);
    relays.defer(() => bridge.close());
    await relays.start(bridge.url);
    const made = await seedDemoStudyInvitation({ demo, bridgeUrl: bridge.url, timeoutMs: 30_000, pollMs: 50 });
    if (!made.ok) throw new Error(made.reason);
    expect(made).toMatchObject({ created: true, invitation: { registry: "jRCT", studyId: "jRCT2031210123", gene: "EGFR", askedCount: 2, invitableCount: 2, invited: 2 } });
    const consented = demo.participants.find((entry) => entry.state === "consented")!;
    const user = await getDatabase().user.findUniqueOrThrow({ where: { email: consented.signIn.email }, select: { id: true } });
    const own = await loadOwnStudyInvitations({ userId: user.id, language: "ja" });
    expect(own.invitations).toEqual([expect.objectContaining({ studyId: "jRCT2031210123", gene: "EGFR", open: true })]);
    const listed = { ...demo, dataAccess: { ...demo.dataAccess!, studyInvitation: made.invitation } };
    expect(await seedDemoStudyInvitation({ demo: listed, bridgeUrl: bridge.url })).toEqual({ ok: true, invitation: made.invitation, created: false });
  }, 180_000);
});

