// A contact that rests on the participant's consent is asked of that consent again when it leaves (issue 13; ADR 031,
// ADR 035): a campaign e-mail or a care-team notice queued before a withdrawal, a "no research contact" or a change
// to not_want is withheld, never sent; a campaign's dispatch runs as a job in batches that give nobody two links;
// letters are printed with fresh links for those whose consent still allows them. Real PostgreSQL, the real queue.
import { randomUUID } from "node:crypto";
import { getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { changeChoices } from "../../app/domain/consent/records/change-choices.server";
import { extractPdfText } from "../../app/domain/consent/records/documents/extract-pdf-text.server";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { enqueueMail } from "../../app/domain/mail/enqueue-mail.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import type { CampaignDispatch } from "../../app/domain/recontact/dispatch-campaign-deliveries.server";
import { dispatchRecontactCampaign } from "../../app/domain/recontact/dispatch-recontact-campaign.server";
import { printRecontactLetters } from "../../app/domain/recontact/print-recontact-letters.server";
import { hashResponseToken } from "../../app/domain/recontact/response-token.server";
import { sendRecontactCampaign } from "../../app/domain/recontact/send-recontact-campaign.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserPages, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { passQueueTime, queuedJobs, runJobsUntilSettled } from "../support/jobs";
import { APPOINTMENT_NOTICE_QUIET_MS } from "../../app/domain/findings/request-appointment-notice.server";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";
import { createFinding, recordConsentStep } from "./finding-cases-support";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const http = browserPages(() => app.origin, () => getEnv().APP_URL, 6000);
const text = (response: BrowserResponse) => response.body.toString("utf8");

const messages = { messageJa: "新しい研究のお願いです。", messageJaEasy: "あたらしい けんきゅうの おねがい です。", messageEn: "An invitation to a new study." };

async function participantsAt(facilityId: string, channel: "email" | "post", languages: readonly SupportedLanguage[]) {
  const participants = [];
  for (const language of languages) {
    const participant = await consentedParticipant({ language, choices: { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": channel } });
    await getDatabase().participant.update({ where: { id: participant.id }, data: { facilityId } });
    participants.push(participant);
  }
  return participants;
}

async function draftCampaign(facilityId: string, createdById: string): Promise<string> {
  const campaign = await getDatabase().recontactCampaign.create({
    data: { kind: "new_study", title: `Study ${randomUUID().slice(0, 8)}`, ...messages, facilityIds: [facilityId], createdById },
  });
  return campaign.id;
}

async function capturedLinksTo(email: string): Promise<string[]> {
  return (await listCapturedMail({ to: email, limit: 20 })).flatMap((mail) => /https?:\/\/\S+\/recontact\/respond\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0] ?? []);
}

describe("[participant] a campaign e-mail queued before their consent changed", () => {
  it("is withheld, never sent, when they withdraw or stop research contact after the send; the others' go out; staff see it counted", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const [withdrawing, stopping, staying] = await participantsAt(facility.id, "email", ["ja", "en", "ja-easy"]);
    const campaignId = await draftCampaign(facility.id, staff.id);

    await sendRecontactCampaign({ campaignId, actorUserId: staff.id });
    // The dispatch runs (links made, mail queued), but no mail has left yet.
    expect((await dispatchRecontactCampaign(campaignId)).email).toBe(3);
    expect(await getDatabase().mailMessage.count({ where: { template: "recontact-message", participantId: { in: [withdrawing!.id, stopping!.id, staying!.id] }, state: "queued" } })).toBe(3);

    // Meanwhile one withdraws from contact and another turns research contact off on their consent page.
    await withdrawOnline(withdrawing!, { level: "no_contact" });
    await changeChoices({
      participantId: stopping!.id,
      changes: { "recontact.research": "no" },
      actor: { userId: stopping!.user!.id, role: "participant" },
      method: "online",
      language: "en",
      request: requestFrom(),
    });
    await runJobsUntilSettled();

    for (const [participant, expected] of [[withdrawing!, "withheld"], [stopping!, "withheld"], [staying!, "sent"]] as const) {
      const message = await getDatabase().mailMessage.findFirstOrThrow({ where: { participantId: participant.id, template: "recontact-message" } });
      expect(message.state, participant.email).toBe(expected);
      if (expected === "withheld") {
        expect(message.lastError).toBe("consent_no_longer_allows");
        // Nothing of it is kept to send later, and nothing reached their mailbox.
        expect(message.props).toBeNull();
        expect(await capturedLinksTo(participant.email)).toEqual([]);
      } else {
        expect(await capturedLinksTo(participant.email)).toHaveLength(1);
      }
    }
    // A withheld message is settled, not a failure: no job is left, none parked.
    expect((await queuedJobs()).filter((job) => job.task === "mail.deliver")).toEqual([]);

    const results = text(await http("GET", `/staff/recontact/${campaignId}`, await cookieFor(staff, "en")));
    expect(results).toMatch(/data-testid="result-withheld">2</);
    expect(results).toMatch(/data-testid="result-delivered">1</);
  });

  it("withholds a message whose check cannot be read rather than sending it", async () => {
    const participant = await createParticipant({});
    const id = await enqueueMail({ to: `odd-${randomUUID().slice(0, 6)}@example.test`, language: "en", template: "recontact-message", props: { name: "x", message: "m", url: "https://example.test/x" }, participantId: participant.id });
    await getDatabase().mailMessage.update({ where: { id: id! }, data: { contactCheck: { kind: "recontact_delivery", deliveryId: "not-a-uuid" } } });
    await runJobsUntilSettled();
    expect(await getDatabase().mailMessage.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ state: "withheld", lastError: "contact_check_unreadable" });
  });
});

describe("[participant] a care-team notice queued before their findings choice changed", () => {
  const appointment = { at: "2026-12-01T10:00", mode: "in_person", place: "遺伝カウンセリング外来", language: "ja" };

  async function scheduledCase() {
    const coordinator = await createUser({ role: "coordinator" });
    const facility = await createFacility();
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const participant = await createParticipant({ withAccount: true, facility });
    await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "want", other: "not_want", findingsUpdate: "yes" });
    const findingId = await createFinding(participant.id, "hereditary_cancer");
    const request = { ipAddress: "127.0.0.1", userAgent: "test" };
    await takeCaseStep({ findingId, step: "claim", input: {}, actorId: counsellor.id, request });
    await takeCaseStep({ findingId, step: "schedule_appointment", input: appointment, actorId: counsellor.id, request });
    return { coordinator, participant };
  }
  const notices = (participantId: string) =>
    getDatabase().mailMessage.findMany({ where: { participantId, template: "consent-notice", props: { path: ["kind"], equals: "care_team_result" } } });

  it("is sent when nothing changed", async () => {
    const { participant } = await scheduledCase();
    expect(await notices(participant.id)).not.toHaveLength(0);
    // The notice waits out its quiet period (ADR 122) before it leaves.
    await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
    await runJobsUntilSettled();
    const sent = await getDatabase().mailMessage.findMany({ where: { participantId: participant.id, template: "consent-notice", contactCheck: { path: ["kind"], equals: "care_team_notice" } } });
    expect(sent.map((message) => message.state)).toEqual(sent.map(() => "sent"));
  });

  for (const change of [
    { name: "not_want (the right not to know)", step: { kind: "change", category: "hereditary_cancer", value: "not_want" } as const, reason: "consent_no_longer_allows" },
    { name: "undecided (a 'result' would tell them a finding exists)", step: { kind: "change", category: "hereditary_cancer", value: "undecided" } as const, reason: "case_no_longer_notified" },
    { name: "a withdrawal from contact", step: { kind: "withdraw", level: "no_contact" } as const, reason: "consent_no_longer_allows" },
  ]) {
    it(`is withheld after a change to ${change.name}`, async () => {
      const { coordinator, participant } = await scheduledCase();
      const queued = await getDatabase().mailMessage.findMany({ where: { participantId: participant.id, contactCheck: { path: ["kind"], equals: "care_team_notice" } } });
      expect(queued.length).toBeGreaterThan(0);
      await recordConsentStep(participant.id, coordinator.id, change.step);
      await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
      await runJobsUntilSettled();
      for (const message of queued) {
        expect(await getDatabase().mailMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ state: "withheld", lastError: change.reason, props: null });
      }
      expect((await listCapturedMail({ to: participant.email!, limit: 20 })).filter((mail) => mail.template === "consent-notice" && /care|talk|話/.test(mail.subject))).toEqual([]);
    });
  }
});

describe("[ELSI staff] a campaign's dispatch, as a job in batches", () => {
  it("gives every delivery exactly one link even when a batch fails half-way and the job runs again", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const participants = await participantsAt(facility.id, "email", ["ja", "ja", "en", "en", "ja-easy"]);
    const campaignId = await draftCampaign(facility.id, staff.id);
    await sendRecontactCampaign({ campaignId, actorUserId: staff.id });
    // The send committed the claim and its dispatch job together.
    expect((await queuedJobs()).filter((job) => job.task === "recontact.dispatch")).toHaveLength(1);

    const received: CampaignDispatch[] = [];
    let batches = 0;
    const failingSecondBatch = async (_tx: unknown, batch: { deliveries: readonly CampaignDispatch[] }) => {
      if (++batches === 2) throw new Error("the mail queue is down");
      received.push(...batch.deliveries);
    };
    await expect(dispatchRecontactCampaign(campaignId, { dispatch: failingSecondBatch, batchSize: 2 })).rejects.toThrow("the mail queue is down");
    // The first batch committed; the failed one left nothing behind.
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId, responseTokenHash: { not: null } } })).toBe(2);
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sending");

    await dispatchRecontactCampaign(campaignId, { dispatch: async (_tx, batch) => void received.push(...batch.deliveries), batchSize: 2 });
    expect(received).toHaveLength(participants.length);
    expect(new Set(received.map((d) => d.deliveryId)).size).toBe(participants.length);
    for (const d of received) {
      const row = await getDatabase().recontactDelivery.findUniqueOrThrow({ where: { id: d.deliveryId } });
      expect(Buffer.from(row.responseTokenHash!).equals(Buffer.from(hashResponseToken(d.token)))).toBe(true);
    }
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sent");
    const audits = await getDatabase().auditEvent.findMany({ where: { type: "recontact_campaign.dispatched", detail: { path: ["campaignId"], equals: campaignId } } });
    expect(audits.map((audit) => audit.detail)).toEqual([{ campaignId, email: 5, post: 0 }]);
    // The job the send enqueued finds nothing left to do.
    expect(await dispatchRecontactCampaign(campaignId)).toEqual({ dispatched: false, email: 0, post: 0 });
  });

  it("two dispatches of the same campaign at once give nobody two links", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    await participantsAt(facility.id, "email", ["ja", "en", "ja", "en"]);
    const campaignId = await draftCampaign(facility.id, staff.id);
    await sendRecontactCampaign({ campaignId, actorUserId: staff.id });
    const received: CampaignDispatch[] = [];
    const keep = async (_tx: unknown, batch: { deliveries: readonly CampaignDispatch[] }) => void received.push(...batch.deliveries);
    await Promise.all([dispatchRecontactCampaign(campaignId, { dispatch: keep, batchSize: 1 }), dispatchRecontactCampaign(campaignId, { dispatch: keep, batchSize: 1 })]);
    expect(received).toHaveLength(4);
    expect(new Set(received.map((d) => d.deliveryId)).size).toBe(4);
  });

  it("'Finish sending' on a campaign left sending queues its dispatch again, and the worker finishes it", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const [participant] = await participantsAt(facility.id, "email", ["en"]);
    const campaignId = await draftCampaign(facility.id, staff.id);
    await sendRecontactCampaign({ campaignId, actorUserId: staff.id });
    // As if the dispatch job had been parked: it is gone from the queue, the campaign still sending.
    await getDatabase().$executeRaw`DELETE FROM graphile_worker._private_jobs`;
    const cookie = await cookieFor(staff, "en");
    expect(text(await http("GET", `/staff/recontact/${campaignId}`, cookie))).toContain("Finish sending");
    const resumed = await http("POST", `/staff/recontact/${campaignId}`, cookie, { intent: "send", state: "sending" });
    expect(resumed.location).toBe(`/staff/recontact/${campaignId}?notice=resumed`);
    await runJobsUntilSettled();
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sent");
    expect(await capturedLinksTo(participant!.email)).toHaveLength(1);
  });
});

describe("[ELSI staff] letters for participants who chose post", () => {
  async function sentPostCampaign() {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const participants = await participantsAt(facility.id, "post", ["ja", "ja-easy", "en"]);
    const campaignId = await draftCampaign(facility.id, staff.id);
    await sendRecontactCampaign({ campaignId, actorUserId: staff.id });
    await runJobsUntilSettled();
    return { facility, staff, participants, campaignId, cookie: await cookieFor(staff, "en") };
  }

  it("prints a PDF with each letter's own link and QR code in the reader's language, withholds one whose consent changed, and keeps no link", async () => {
    const { facility, staff, participants, campaignId, cookie } = await sentPostCampaign();
    const [ja, easy, en] = participants;
    // The campaign is sent: e-mail dispatch is done, and the three letters wait to be printed, without links yet.
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sent");
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId, responseTokenHash: { not: null } } })).toBe(0);
    expect(text(await http("GET", `/staff/recontact/${campaignId}`, cookie))).toContain("3 letters waiting to be printed.");

    await withdrawOnline(easy!, { level: "no_contact" });
    const printed = await http("POST", `/staff/recontact/${campaignId}/letters`, cookie, { intent: "print_letters" });
    expect(printed.status).toBe(200);
    expect(printed.headers["content-type"]).toBe("application/pdf");
    expect(printed.headers["cache-control"]).toBe("no-store");
    expect(printed.headers["content-disposition"]).toMatch(/^attachment; filename="recontact-letters-[0-9a-f]{8}-1\.pdf"$/);
    const pdf = new Uint8Array(printed.body);
    expect((await getDocumentProxy(pdf.slice())).numPages).toBe(2);
    const pdfText = (await extractPdfText(pdf)).replace(/\s+/g, "");
    expect(pdfText).toContain(messages.messageJa.replace(/\s+/g, ""));
    expect(pdfText).toContain(messages.messageEn.replace(/\s+/g, ""));
    expect(pdfText).not.toContain(messages.messageJaEasy.replace(/\s+/g, ""));
    for (const participant of [ja!, en!]) expect(pdfText).toContain(`${facility.code}·${participant.pseudonym}·1`);
    expect(pdfText).not.toContain(easy!.pseudonym);
    // Each printed link is that participant's own: its hash is stored, the link itself nowhere.
    const links = [...pdfText.matchAll(/\/recontact\/respond\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]!);
    expect(links).toHaveLength(2);
    for (const participant of [ja!, en!]) {
      const delivery = await getDatabase().recontactDelivery.findFirstOrThrow({ where: { campaignId, participantId: participant.id } });
      expect(links.some((token) => Buffer.from(hashResponseToken(token)).equals(Buffer.from(delivery.responseTokenHash!)))).toBe(true);
      expect(delivery.sentAt).not.toBeNull();
    }
    const withheld = await getDatabase().recontactDelivery.findFirstOrThrow({ where: { campaignId, participantId: easy!.id } });
    expect(withheld).toMatchObject({ responseTokenHash: null, letterBatchId: null });
    expect(withheld.withheldAt).not.toBeNull();
    const audit = await getDatabase().auditEvent.findFirstOrThrow({ where: { type: "recontact_letters.printed", actorUserId: staff.id } });
    expect(audit.detail).toMatchObject({ campaignId, seq: 1, reprint: false, letters: 2, withheld: 1 });

    // Answering works with the printed link; nothing is left to print.
    const page = text(await http("GET", `/staff/recontact/${campaignId}`, cookie));
    expect(page).toMatch(/data-testid="result-withheld">1</);
    expect(page).toContain("0 letters waiting to be printed.");
    const again = await http("POST", `/staff/recontact/${campaignId}/letters`, cookie, { intent: "print_letters" });
    expect(again.location).toBe(`/staff/recontact/${campaignId}?letters=no_letters_to_print`);
    expect(text(await http("GET", again.location!, cookie))).toContain("There are no letters left to print for this campaign.");
  });

  it("prints a batch again with new links: the earlier print's links stop working and an answered letter is not printed again", async () => {
    const { participants, campaignId, cookie } = await sentPostCampaign();
    const first = await printRecontactLetters({ campaignId, actorUserId: (await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).createdById });
    expect(first.letters).toBe(3);
    const oldLinks = [...(await extractPdfText(first.pdf!)).replace(/\s+/g, "").matchAll(/\/recontact\/respond\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]!);
    expect(oldLinks).toHaveLength(3);
    // One participant answers with the first print's letter.
    const answered = await http("POST", `/recontact/respond/${oldLinks[0]}`, await cookieFor(null, "en"), { answer: "interested" });
    expect(answered.status).toBe(302);

    const reprint = await http("POST", `/staff/recontact/${campaignId}/letters`, cookie, { intent: "reprint_letters", batchId: first.batchId });
    expect(reprint.status).toBe(200);
    expect(reprint.headers["content-disposition"]).toMatch(/-1-reprint-1\.pdf"$/);
    const newLinks = [...(await extractPdfText(new Uint8Array(reprint.body))).replace(/\s+/g, "").matchAll(/\/recontact\/respond\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]!);
    expect(newLinks).toHaveLength(2);
    for (const token of oldLinks.slice(1)) expect((await http("GET", `/recontact/respond/${token}`, await cookieFor(null, "en"))).status).toBe(404);
    for (const token of newLinks) expect((await http("GET", `/recontact/respond/${token}`, await cookieFor(null, "en"))).status).toBe(200);
    // The answered one keeps its answer.
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId, answer: "interested" } })).toBe(1);
    expect(participants).toHaveLength(3);
  });

  it("refuses printing a draft, an unknown batch, bad input and anyone who does not run campaigns, writing nothing", async () => {
    const { campaignId, cookie, facility, staff } = await sentPostCampaign();
    const draft = await draftCampaign(facility.id, staff.id);
    const before = { batches: await getDatabase().recontactLetterBatch.count(), audits: await getDatabase().auditEvent.count({ where: { type: "recontact_letters.printed" } }) };
    const notSent = await http("POST", `/staff/recontact/${draft}/letters`, cookie, { intent: "print_letters" });
    expect(notSent.location).toBe(`/staff/recontact/${draft}?letters=campaign_not_sent`);
    expect(text(await http("GET", notSent.location!, cookie))).toContain("Letters can be printed once the campaign has been sent");
    const invalid = { ja: "印刷する手紙を選んでください", "ja-easy": "いんさつする てがみを えらんで ください", en: "Choose which letters to print" };
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const localCookie = await cookieFor(staff, language);
      const forms: Record<string, string>[] = [{}, { intent: "reprint_letters" }, { intent: "reprint_letters", batchId: "x".repeat(5000) }, { intent: "reprint_letters", batchId: "1\u202E" }, { intent: "print_lettres" }];
      for (const form of forms) {
        const refused = await http("POST", `/staff/recontact/${campaignId}/letters`, localCookie, form);
        expect(refused.location, JSON.stringify(form).slice(0, 60)).toBe(`/staff/recontact/${campaignId}?letters=invalid`);
      }
      const page = text(await http("GET", `/staff/recontact/${campaignId}?letters=invalid`, localCookie));
      expect(page).toMatch(/role="alert"[^>]*data-testid="letters-refused"/);
      expect(page).toContain(invalid[language]);
    }
    expect((await http("POST", `/staff/recontact/${campaignId}/letters`, cookie, { intent: "reprint_letters", batchId: randomUUID() })).status).toBe(404);
    expect((await http("POST", `/staff/recontact/${randomUUID()}/letters`, cookie, { intent: "print_letters" })).status).toBe(404);
    const admin = await createUser({ role: "admin" });
    expect((await http("POST", `/staff/recontact/${campaignId}/letters`, await cookieFor(admin, "en"), { intent: "print_letters" })).status).toBe(403);
    expect({ batches: await getDatabase().recontactLetterBatch.count(), audits: await getDatabase().auditEvent.count({ where: { type: "recontact_letters.printed" } }) }).toEqual(before);
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId, responseTokenHash: { not: null } } })).toBe(0);
  });
});
