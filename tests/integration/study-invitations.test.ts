// Invitations to studies chosen by genome (issue 57 item 4; ADR 138), on real PostgreSQL: participants consented through
// the app's own verbs, their consent and the study's approval delivered to the real bridge as the relay delivers them,
// the study's question asked over HTTP, the answer verified as a client would, then taken up by the app's own claim,
// sent through the job queue and the mail log, answered by the participant, and read by the applicant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { revokeApproval } from "../../app/domain/access/approvals/change-approval-status.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import {
  answerStudyInvitation,
  claimStudyInvitations,
  listStudyHandovers,
  loadOwnStudyInvitation,
  loadOwnStudyInvitations,
} from "../../app/domain/recontact/index.server";
import { AppError } from "../../app/domain/kernel/index";
import { requestFrom } from "../factories/user-factory";
import { createTestApproval, syncApprovals, type TestApproval } from "../support/approvals";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { issueTestToken, outboxMessages, startTestBridge, verifiedAnswer, type TestBridge } from "../support/pipeline-bridge";
import { useTempDataDir } from "../support/temp-data-dir";
import { cookieFor, formPost, loadContext, replyErrors, settle } from "../support/route-requests";
import { action as answerAction } from "../../app/routes/participant/study-invitations.$deliveryId";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const db = useTestDatabase();
useTempDataDir();

const egfr = { gene: "EGFR", origin: "somatic" } as const;
const brca2 = { gene: "BRCA2", origin: "germline" } as const;
const study = { registry: "jRCT", id: "jRCT2031240077" } as const;

let bridge: TestBridge;
let asker: string;
let approval: TestApproval;
let wants: ConsentedParticipant;
let declinedContact: ConsentedParticipant;
let withdrawn: ConsentedParticipant;
let notToKnow: ConsentedParticipant;
let capped: ConsentedParticipant;
let child: ConsentedParticipant;
let applicantId: string;

async function syncConsent(): Promise<void> {
  await bridge.ingest(await outboxMessages());
  await bridge.heartbeat();
}

async function ask(body: Record<string, unknown>, token = asker) {
  return bridge.post("/v1/study-invitations", { approval: approval.id, study, criterion: egfr, ...body }, token) as Promise<{ status: number; body: Record<string, unknown> & { jws?: string } }>;
}

const verified = (body: Record<string, unknown> & { jws?: string }) => verifiedAnswer(bridge, body);

function refusalOf(error: unknown): string {
  return error instanceof AppError ? error.code : String(error);
}

beforeAll(async () => {
  const research = { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "email" };
  wants = await consentedParticipant({ language: "en", choices: research, fullName: "Hanako Tanaka" });
  declinedContact = await consentedParticipant({ choices: { ...research, "recontact.research": "no" } });
  withdrawn = await consentedParticipant({ choices: research });
  await withdrawOnline(withdrawn, { level: "no_contact" });
  notToKnow = await consentedParticipant({ language: "ja", choices: { ...research, "return.primary": "no", "findings.secondary.hereditary_cancer": "not_want" } });
  capped = await consentedParticipant({ choices: { ...research, "recontact.frequency": "yearly" } });
  child = await consentedParticipant({ byProxy: true, choices: research });
  // The capped participant had a campaign message a month ago: a yearly frequency allows no other this year.
  const earlier = await getDatabase().recontactCampaign.create({
    data: { kind: "survey", title: "earlier survey", messageJa: "調査", messageJaEasy: "ちょうさ", messageEn: "Survey", facilityIds: [], state: "sent", createdById: capped.user!.id },
  });
  await getDatabase().recontactDelivery.create({ data: { campaignId: earlier.id, participantId: capped.id, channel: "email", claimedAt: new Date(Date.now() - 30 * 24 * 3600_000) } });

  approval = await createTestApproval({ datasets: ["lung-2026"] });
  applicantId = (await getDatabase().dataAccessApplication.findFirstOrThrow({ where: { reference: approval.applicationReference }, select: { applicantId: true } })).applicantId;
  bridge = await startTestBridge(db.url);
  asker = await issueTestToken(["gate:recontact"]);
  await syncConsent();
  await syncApprovals(bridge);
});

afterAll(async () => {
  await bridge?.close();
});

describe("a study asks the bridge which of its pseudonyms may be invited", () => {
  it("counts only consenting, uncapped, non-withdrawn people, names none of them, signs the answer and stores the question", async () => {
    const pseudonyms = [wants, declinedContact, withdrawn, notToKnow, capped, child].map((participant) => participant.pseudonym);
    const answer = await ask({ pseudonyms: [...pseudonyms, "NO-SUCH-PSEUDONYM"] });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      approval: approval.id,
      study,
      criterion: egfr,
      askedCount: 7,
      invitableCount: 3,
      excludedCounts: { declined: 1, withdrawn: 1, frequency_cap: 1, unknown_subject: 1 },
    });
    await verified(answer.body);
    const text = JSON.stringify(answer.body);
    for (const pseudonym of pseudonyms) expect(text).not.toContain(pseudonym);
    // The bridge keeps the question and the invitable pseudonyms (never the others), for the platform to invite.
    const stored = await getDatabase().$queryRaw<{ pseudonym: string }[]>`
      SELECT pseudonym FROM bridge_export.study_invitation_candidate WHERE request_id = ${answer.body.requestId as string}::uuid ORDER BY pseudonym`;
    expect(stored.map((row) => row.pseudonym)).toEqual([wants.pseudonym, notToKnow.pseudonym, child.pseudonym].sort());
  });

  it("never counts for an inherited criterion someone who chose not to know that kind of result", async () => {
    const answer = await ask({ criterion: brca2, pseudonyms: [wants.pseudonym, notToKnow.pseudonym] });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ invitableCount: 1, excludedCounts: { result_not_wanted: 1 } });
  });

  it("refuses a client without the recontact scope, a body out of shape, and an approval not in force (signed)", async () => {
    const other = await issueTestToken(["gate:release"]);
    expect((await ask({ pseudonyms: [wants.pseudonym] }, other)).status).toBe(403);
    for (const bad of [
      { pseudonyms: [] },
      { pseudonyms: [wants.pseudonym, wants.pseudonym] },
      { pseudonyms: [wants.pseudonym], criterion: { gene: "egfr", origin: "somatic" } },
      { pseudonyms: [wants.pseudonym], criterion: { gene: "EGFR", origin: "both" } },
      { pseudonyms: [wants.pseudonym], study: { registry: "jRCT", id: "NCT01234567" } },
      { pseudonyms: ["名前"] },
    ]) {
      const refused = await ask(bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body).toMatchObject({ error: "malformed_request" });
    }
    const unknown = await ask({ approval: "00000000-0000-4000-8000-000000000000", pseudonyms: [wants.pseudonym] });
    expect(unknown.status).toBe(403);
    expect(await verified(unknown.body)).toMatchObject({ error: "invitation_denied", reason: "approval_unknown" });
  });
});

describe("the platform invites, the participant answers, the study learns who only after a yes", () => {
  it("takes up each question once, re-deciding every candidate, and sends the invitation without the gene", async () => {
    const first = await claimStudyInvitations();
    // The first question invites its three; the second (the same study, by an inherited criterion) found only the
    // participant already invited by the first, who is not invited twice.
    expect(first.map((claimed) => claimed.invited)).toEqual([3, 0]);
    expect(await claimStudyInvitations()).toEqual([]);
    await runJobsUntilSettled();
    const mail = (await listCapturedMail({ to: (await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: wants.id } })).email!, limit: 5 })).map((message) => message.text ?? "");
    const invitation = mail.find((text) => text.includes(study.id));
    expect(invitation, mail.join("\n---\n")).toBeDefined();
    expect(invitation).toContain("/recontact/respond/");
    // The mail never names what the study selected by, whatever the participant chose.
    expect(invitation).not.toContain("EGFR");
    expect(invitation).not.toContain("BRCA2");
  });

  it("names the gene on the page only to a participant who chose to receive that kind of result", async () => {
    const own = await loadOwnStudyInvitations({ userId: wants.user!.id, language: "en" });
    const tumour = own.invitations.find((invitation) => invitation.gene === "EGFR");
    expect(tumour).toMatchObject({ registry: "jRCT", studyId: study.id, origin: "somatic", open: true, answer: null, handover: null });
    const hidden = await loadOwnStudyInvitations({ userId: notToKnow.user!.id, language: "ja" });
    expect(hidden.invitations).toHaveLength(1);
    expect(hidden.invitations[0]).toMatchObject({ gene: null, open: true });
    expect(JSON.stringify(hidden)).not.toContain("EGFR");
  });

  it("shows a represented child's invitation to the proxy, and nobody else's", async () => {
    const forChild = await loadOwnStudyInvitations({ userId: child.proxy!.id, participantId: child.id, language: "ja" });
    expect(forChild.subject.as).toBe("proxy");
    expect(forChild.invitations).toHaveLength(1);
    const someoneElses = forChild.invitations[0]!.deliveryId;
    const refused = await loadOwnStudyInvitation({ userId: wants.user!.id, deliveryId: someoneElses, language: "en" }).catch(refusalOf);
    expect(refused).toBe("not_found");
    expect(await answerStudyInvitation({ userId: wants.user!.id, actorRole: "participant", deliveryId: someoneElses, answer: "yes", language: "en", request: requestFrom() }).catch(refusalOf)).toBe("not_found");
  });

  it("hands nothing over before a yes; a yes hands over exactly what the page listed, once, however often it is sent", async () => {
    expect((await listStudyHandovers({ applicantId, applicationId: (await applicationId()), language: "en" })).handovers).toEqual([]);
    const page = await loadOwnStudyInvitations({ userId: wants.user!.id, language: "en" });
    const invitation = page.invitations.find((candidate) => candidate.gene === "EGFR")!;
    expect(invitation.wouldHandOver.map((item) => item.detail)).toEqual(["name", "email", "phone", "facility"]);
    const yes = () => answerStudyInvitation({ userId: wants.user!.id, actorRole: "participant", deliveryId: invitation.deliveryId, answer: "yes", language: "en", request: requestFrom() }).then(() => "yes", refusalOf);
    const outcomes = await Promise.all([yes(), yes()]);
    expect(outcomes.sort()).toEqual(["invitation_closed", "yes"]);
    expect(await yes()).toBe("invitation_closed");
    expect(await getDatabase().studyHandover.count({ where: { participantId: wants.id } })).toBe(1);
    const seen = await loadOwnStudyInvitation({ userId: wants.user!.id, deliveryId: invitation.deliveryId, language: "en" });
    expect(seen.invitation).toMatchObject({ open: false, answer: "interested", handover: { byRole: "self", details: ["name", "email", "phone", "facility"] } });
    const applicant = await listStudyHandovers({ applicantId, applicationId: await applicationId(), language: "en" });
    expect(applicant.handovers).toHaveLength(1);
    expect(applicant.handovers[0]).toMatchObject({ name: "Hanako Tanaka", phone: "090-0000-0000", contactStopped: false, registry: "jRCT", studyId: study.id });
    expect(applicant.questions.map((question) => question.invited).sort()).toEqual([0, 3]);
    // Another applicant's application is not found.
    expect(await listStudyHandovers({ applicantId: wants.user!.id, applicationId: await applicationId(), language: "en" }).catch(refusalOf)).toBe("not_found");
  });

  it("a no shares nothing; a withdrawal closes an open invitation; a stop after a yes hides the details from the study", async () => {
    const child_ = (await loadOwnStudyInvitations({ userId: child.proxy!.id, participantId: child.id, language: "ja" })).invitations[0]!;
    await answerStudyInvitation({ userId: child.proxy!.id, actorRole: "proxy", deliveryId: child_.deliveryId, answer: "no", language: "ja", request: requestFrom() });
    expect(await getDatabase().studyHandover.count({ where: { participantId: child.id } })).toBe(0);

    const open = (await loadOwnStudyInvitations({ userId: notToKnow.user!.id, language: "ja" })).invitations[0]!;
    await withdrawOnline(notToKnow, { level: "no_contact" });
    expect(await answerStudyInvitation({ userId: notToKnow.user!.id, actorRole: "participant", deliveryId: open.deliveryId, answer: "yes", language: "ja", request: requestFrom() }).catch(refusalOf)).toBe("invitation_closed");
    expect((await loadOwnStudyInvitation({ userId: notToKnow.user!.id, deliveryId: open.deliveryId, language: "ja" })).invitation.open).toBe(false);
    expect(await getDatabase().studyHandover.count({ where: { participantId: notToKnow.id } })).toBe(0);

    await withdrawOnline(wants, { level: "no_contact" });
    const applicant = await listStudyHandovers({ applicantId, applicationId: await applicationId(), language: "en" });
    expect(applicant.handovers[0]).toMatchObject({ contactStopped: true, name: null, email: null, phone: null });
  });

  it("the page refuses an answer out of shape in the reader's words, writing nothing: none, a made-up one, hostile text", async () => {
    const invitation = (await loadOwnStudyInvitations({ userId: child.proxy!.id, participantId: child.id, language: "en" })).invitations[0]!;
    const cookie = await cookieFor(child.proxy!, "en");
    const before = await getDatabase().recontactDelivery.findUniqueOrThrow({ where: { id: invitation.deliveryId }, select: { answer: true, answeredAt: true } });
    const refused: Record<string, string>[] = [{}, { answer: "maybe" }, { answer: "yes\u202E" }, { answer: "x".repeat(10_000) }];
    for (const fields of refused) {
      const answered = await settle(
        () => answerAction({ request: formPost(`/study-invitations/${invitation.deliveryId}`, fields, cookie), context: loadContext, params: { deliveryId: invitation.deliveryId } }),
        { phase: "action" },
      );
      expect(answered.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
      // Said above the buttons, the one place the page shows it (the field has no box of its own).
      expect(replyErrors(await answered.json())).toContain("Choose one of the answers.");
    }
    expect(await getDatabase().recontactDelivery.findUniqueOrThrow({ where: { id: invitation.deliveryId }, select: { answer: true, answeredAt: true } })).toEqual(before);
    expect(await getDatabase().studyHandover.count({ where: { deliveryId: invitation.deliveryId } })).toBe(0);
  });

  it("asked again for the same study, invites nobody twice; under a revoked approval, the bridge refuses", async () => {
    await syncConsent();
    const again = await ask({ pseudonyms: [child.pseudonym] });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ invitableCount: 1 });
    const claimed = await claimStudyInvitations();
    expect(claimed).toEqual([expect.objectContaining({ requestId: again.body.requestId, invitable: 1, invited: 0 })]);

    await revokeApproval({ approvalId: approval.id, expectedVersion: 1, reason: "Study stopped", actor: { userId: applicantId } });
    await syncApprovals(bridge);
    const refused = await ask({ pseudonyms: [child.pseudonym] });
    expect(refused.status).toBe(403);
    expect(await verified(refused.body)).toMatchObject({ error: "invitation_denied", reason: "approval_revoked" });
  });
});

async function applicationId(): Promise<string> {
  return (await getDatabase().dataAccessApplication.findFirstOrThrow({ where: { reference: approval.applicationReference }, select: { id: true } })).id;
}
