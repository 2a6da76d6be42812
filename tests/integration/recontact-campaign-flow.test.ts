// Recontact campaigns end to end over HTTP (issue 13 item 5; ADR 035): ELSI staff write, preview and send a campaign
// through the real app server; a participant answers through their single-use link without signing in; "stop
// contacting me" is a consent change in the ledger and the next campaign leaves them out as declined. Replayed and
// racing answers, unknown links and bad input write nothing.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import type { CampaignDispatch } from "../../app/domain/recontact/dispatch-campaign-deliveries.server";
import { dispatchRecontactCampaign } from "../../app/domain/recontact/dispatch-recontact-campaign.server";
import { previewCampaignAudience } from "../../app/domain/recontact/preview-campaign-audience.server";
import { hashResponseToken } from "../../app/domain/recontact/response-token.server";
import { sendRecontactCampaign } from "../../app/domain/recontact/send-recontact-campaign.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { createFacility } from "../factories/facility-factory";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserPages, type BrowserResponse } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const http = browserPages(() => app.origin, () => getEnv().APP_URL, 4000);
const text = (response: BrowserResponse) => response.body.toString("utf8");

async function participantAt(facilityId: string, language: SupportedLanguage = "ja") {
  const participant = await consentedParticipant({ language, choices: { "recontact.research": "yes", "recontact.frequency": "as_needed", "recontact.channel": "email" } });
  await getDatabase().participant.update({ where: { id: participant.id }, data: { facilityId } });
  return participant;
}

const message = { ja: "新しい研究へのご協力のお願いです。", "ja-easy": "あたらしい けんきゅうの おねがい です。", en: "An invitation to take part in a new study." };

/** A campaign written through the staff form; returns its id. */
async function writeCampaign(staffCookie: string, facilityId: string, title = `Study ${randomUUID().slice(0, 8)}`): Promise<string> {
  const created = await http("POST", "/staff/recontact/new", staffCookie, {
    kind: "new_study",
    title,
    messageJa: message.ja,
    messageJaEasy: message["ja-easy"],
    messageEn: message.en,
    facilityIds: [facilityId],
  });
  expect(created.status).toBe(302);
  const id = /^\/staff\/recontact\/([0-9a-f-]{36})\?notice=created$/.exec(created.location ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}

/**
 * Sends through the send verb, then runs its dispatch as the job would, keeping what the dispatch seam receives (the
 * only place a token exists in clear). The job the send enqueued then finds the campaign sent and does nothing.
 */
async function sendKeepingTokens(campaignId: string, actorUserId: string): Promise<CampaignDispatch[]> {
  const received: CampaignDispatch[] = [];
  await sendRecontactCampaign({ campaignId, actorUserId });
  await dispatchRecontactCampaign(campaignId, { dispatch: async (_tx, batch) => void received.push(...batch.deliveries) });
  return received;
}

async function tokenFor(dispatched: CampaignDispatch[], participantId: string): Promise<string> {
  const deliveries = await getDatabase().recontactDelivery.findMany({ where: { participantId }, select: { id: true } });
  const match = dispatched.find((dispatch) => deliveries.some((delivery) => delivery.id === dispatch.deliveryId));
  expect(match).toBeDefined();
  return match!.token;
}

/** What this participant's answers wrote: their ledger events, their deliveries, and the audit rows of those deliveries' answers. */
async function writes(participantId: string) {
  const db = getDatabase();
  const deliveries = await db.recontactDelivery.findMany({ where: { participantId }, select: { id: true, tokenUsedAt: true, answer: true }, orderBy: { claimedAt: "asc" } });
  return {
    events: await db.consentEvent.count({ where: { participantId } }),
    deliveries: deliveries.map(({ tokenUsedAt, answer }) => ({ tokenUsedAt, answer })),
    // Of this participant's deliveries only: another test's answer, finishing late on a loaded machine, is not theirs.
    answeredAudits: await db.auditEvent.count({ where: { type: "recontact_delivery.answered", OR: deliveries.map((delivery) => ({ detail: { path: ["deliveryId"], equals: delivery.id } })) } }),
  };
}

describe("[ELSI staff] a campaign from the form to the participant's answer", () => {
  it("previews, sends, and a participant's 'stop contacting me' is a ledger event that the next campaign's audience honours", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const staffCookie = await cookieFor(staff, "en");
    const stopping = await participantAt(facility.id, "ja-easy");
    const staying = await participantAt(facility.id, "en");

    const campaignId = await writeCampaign(staffCookie, facility.id);
    const draft = await http("GET", `/staff/recontact/${campaignId}`, staffCookie);
    expect(draft.status).toBe(200);
    expect(text(draft)).toContain("Audience if sent now");
    expect(text(draft)).toMatch(/data-testid="preview-included">2</);

    const dispatched = await sendKeepingTokens(campaignId, staff.id);
    expect(dispatched).toHaveLength(2);
    // What the seam receives: the delivery, its token, the participant's language and the channel.
    expect(dispatched.map((d) => d.language).sort()).toEqual(["en", "ja-easy"]);
    expect(dispatched.every((d) => d.channel === "email" && /^[A-Za-z0-9_-]{43}$/.test(d.token))).toBe(true);
    // Only the hash is stored.
    for (const d of dispatched) {
      const row = await getDatabase().recontactDelivery.findUniqueOrThrow({ where: { id: d.deliveryId } });
      expect(Buffer.from(row.responseTokenHash!).equals(Buffer.from(hashResponseToken(d.token)))).toBe(true);
    }

    // The participant opens the link with no cookie: the page comes in their language.
    const token = await tokenFor(dispatched, stopping.id);
    const first = await http("GET", `/recontact/respond/${token}`, "");
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/recontact/respond/${token}?lang=1`);
    const page = await http("GET", `/recontact/respond/${token}?lang=1`, await cookieFor(null, "ja-easy"));
    expect(page.status).toBe(200);
    expect(text(page)).toContain(message["ja-easy"]);
    expect(text(page)).toContain("けんきゅうの れんらくは もう しないで ほしい");

    const answered = await http("POST", `/recontact/respond/${token}?lang=1`, await cookieFor(null, "ja-easy"), { answer: "stop_contacting" });
    expect(answered.status).toBe(302);
    expect(answered.location).toBe(`/recontact/respond/${token}?done=1`);
    const thanks = await http("GET", `/recontact/respond/${token}?done=1`, await cookieFor(null, "ja-easy"));
    expect(text(thanks)).toContain("これからは けんきゅうの ことで れんらくしません");

    const event = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: stopping.id }, orderBy: { participantSeq: "desc" } });
    expect(event.type).toBe("choices_changed");
    expect(event.actorRole).toBe("recontact_response");
    expect(event.method).toBe("online");
    expect((event.choices as Record<string, string>)["recontact.research"]).toBe("no");
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: stopping.id } });
    expect((state.choices as Record<string, string>)["recontact.research"]).toBe("no");

    // The other participant is not interested: no consent change.
    const before = await writes(staying.id);
    const other = await http("POST", `/recontact/respond/${await tokenFor(dispatched, staying.id)}`, await cookieFor(null, "en"), { answer: "not_interested" });
    expect(other.status).toBe(302);
    expect((await writes(staying.id)).events).toBe(before.events);

    // The results, exactly, for ELSI staff.
    const results = text(await http("GET", `/staff/recontact/${campaignId}`, staffCookie));
    expect(results).toMatch(/data-testid="result-recipients">2</);
    expect(results).toMatch(/data-testid="result-stop_contacting">1</);
    expect(results).toMatch(/data-testid="result-not_interested">1</);
    expect(results).toMatch(/data-testid="result-interested">0</);

    // The next campaign leaves the participant who stopped contact out as declined.
    const next = await writeCampaign(staffCookie, facility.id);
    const preview = await previewCampaignAudience({ campaignId: next });
    expect(preview.included).toBe(1);
    expect(preview.excluded.declined).toBe(1);
    expect(text(await http("GET", `/staff/recontact/${next}`, staffCookie))).toMatch(/data-testid="excluded-declined">1</);
  });

  it("shows results to oversight with counts under 10 as <10, and sends through the page's button", async () => {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const staffCookie = await cookieFor(staff, "en");
    const participant = await participantAt(facility.id);
    const campaignId = await writeCampaign(staffCookie, facility.id);

    // Sending asks for the box that states the count (issue 29 item 6); a resume's form on a draft is refused.
    const unconfirmed = await http("POST", `/staff/recontact/${campaignId}`, staffCookie, { intent: "send", state: "draft" });
    expect(unconfirmed.status).toBe(400);
    expect(text(unconfirmed)).toContain("Tick the box to confirm.");
    const asIfResumed = await http("POST", `/staff/recontact/${campaignId}`, staffCookie, { intent: "send", state: "sending" });
    expect(asIfResumed.status).toBe(409);
    expect(text(asIfResumed)).toContain("This campaign changed while you were on its page");
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("draft");
    expect(await getDatabase().recontactDelivery.count({ where: { campaignId } })).toBe(0);
    const page = text(await http("GET", `/staff/recontact/${campaignId}`, staffCookie));
    expect(page).toContain("I am sending this campaign to 1 participants");

    const sent = await http("POST", `/staff/recontact/${campaignId}`, staffCookie, { intent: "send", state: "draft", confirm: "yes" });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe(`/staff/recontact/${campaignId}?notice=sent`);
    // The request claims the audience and enqueues the dispatch; the links and messages are the worker's.
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sending");
    expect(text(await http("GET", `/staff/recontact/${campaignId}?notice=sent`, staffCookie))).toContain("being sent");

    // The message goes out through the job queue and the mail delivery log, with the participant's own link.
    await runJobsUntilSettled();
    const delivery = await getDatabase().recontactDelivery.findFirstOrThrow({ where: { campaignId, participantId: participant.id } });
    expect(delivery.responseTokenHash).not.toBeNull();
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("sent");
    const message = await getDatabase().mailMessage.findFirstOrThrow({ where: { participantId: participant.id, template: "recontact-message" } });
    expect(message).toMatchObject({ state: "sent", language: "ja" });
    const identity = await getDatabase().participantIdentity.findUniqueOrThrow({ where: { participantId: participant.id } });
    const [mail] = await listCapturedMail({ to: identity.email!, limit: 1 });
    const link = /https?:\/\/\S+\/recontact\/respond\/[A-Za-z0-9_-]{43}/.exec(mail?.text ?? "")?.[0];
    expect(link, mail?.text).toBeDefined();
    expect(hashResponseToken(link!.split("/").pop()!)).toEqual(delivery.responseTokenHash);
    expect((await http("GET", new URL(link!).pathname, await cookieFor(null, "en"))).status).toBe(200);
    expect(text(await http("GET", `/staff/recontact/${campaignId}`, staffCookie))).toMatch(/data-testid="result-delivered">1</);

    // A second send is refused, translated, and writes nothing.
    const audits = await getDatabase().auditEvent.count();
    const again = await http("POST", `/staff/recontact/${campaignId}`, staffCookie, { intent: "send", state: "draft", confirm: "yes" });
    expect(again.status).toBe(409);
    expect(text(again)).toContain("This campaign has already been sent");
    expect(await getDatabase().auditEvent.count()).toBe(audits);

    const admin = await createUser({ role: "admin" });
    const adminView = text(await http("GET", `/staff/recontact/${campaignId}`, await cookieFor(admin, "en")));
    expect(adminView).toMatch(/data-testid="result-recipients">&lt;10</);
    expect(adminView).not.toContain("Send the campaign");
    expect(text(await http("GET", `/staff/recontact/${campaignId}`, staffCookie))).toMatch(/data-testid="result-recipients">1</);
    expect(text(await http("GET", "/staff/recontact", await cookieFor(admin, "en")))).toContain("&lt;10");
  });
});

describe("[participant] a response link answers once", () => {
  async function sentTo(language: SupportedLanguage = "en") {
    const facility = await createFacility();
    const staff = await createUser({ role: "elsi_staff" });
    const participant = await participantAt(facility.id, language);
    const campaignId = await writeCampaign(await cookieFor(staff, "en"), facility.id);
    const [dispatch] = await sendKeepingTokens(campaignId, staff.id);
    return { participant, token: dispatch!.token };
  }

  it("refuses a replayed link with a translated page and writes nothing", async () => {
    const { participant, token } = await sentTo();
    const cookie = await cookieFor(null, "en");
    expect((await http("POST", `/recontact/respond/${token}`, cookie, { answer: "interested" })).status).toBe(302);
    const after = await writes(participant.id);
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const replay = await http("POST", `/recontact/respond/${token}`, await cookieFor(null, language), { answer: "stop_contacting" });
      expect(replay.status).toBe(409);
      const expected = { ja: "この回答用リンクはすでに使われています", "ja-easy": "この リンクは もう 使いました", en: "This answer link has already been used" }[language];
      expect(text(replay)).toContain(expected);
      const reopened = await http("GET", `/recontact/respond/${token}`, await cookieFor(null, language));
      expect(reopened.status).toBe(200);
      expect(text(reopened)).toContain(expected);
    }
    expect(await writes(participant.id)).toEqual(after);
    expect(after.deliveries[0]!.answer).toBe("interested");
  });

  it("records one answer when two are submitted at the same moment", async () => {
    const { participant, token } = await sentTo();
    const before = await writes(participant.id);
    const cookie = await cookieFor(null, "en");
    const answers = await Promise.all([
      http("POST", `/recontact/respond/${token}`, cookie, { answer: "stop_contacting" }),
      http("POST", `/recontact/respond/${token}`, cookie, { answer: "interested" }),
      http("POST", `/recontact/respond/${token}`, cookie, { answer: "stop_contacting" }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 409, 409]);
    const after = await writes(participant.id);
    expect(after.answeredAudits).toBe(before.answeredAudits + 1);
    const answer = after.deliveries[0]!.answer;
    expect(after.events).toBe(before.events + (answer === "stop_contacting" ? 1 : 0));
  });

  it("answers 404 to an unknown or malformed link, to GET and POST, and writes nothing", async () => {
    const cookie = await cookieFor(null, "en");
    const audits = await getDatabase().auditEvent.count();
    for (const token of ["A".repeat(43), "not-a-token", "%E2%80%AE" + "a".repeat(40), "x".repeat(500)]) {
      expect((await http("GET", `/recontact/respond/${token}`, cookie)).status).toBe(404);
      expect((await http("POST", `/recontact/respond/${token}`, cookie, { answer: "interested" })).status).toBe(404);
    }
    expect(await getDatabase().auditEvent.count()).toBe(audits);
  });

  it("refuses an empty, unknown, oversized or hostile answer with a translated error and writes nothing", async () => {
    const { participant, token } = await sentTo();
    const before = await writes(participant.id);
    const expected = { ja: "回答を1つ選んでください。", "ja-easy": "こたえを 1つ えらんで ください。", en: "Please choose one answer." };
    for (const language of ["ja", "ja-easy", "en"] as const) {
      for (const form of [{} as Record<string, string>, { answer: "" }, { answer: "maybe" }, { answer: "interested".repeat(2000) }, { answer: "interested\u202E" }, { answer: "stop_contacting\u0000" }]) {
        const refused = await http("POST", `/recontact/respond/${token}`, await cookieFor(null, language), form);
        expect(refused.status).toBe(400);
        expect(text(refused)).toContain(expected[language]);
      }
    }
    expect(await writes(participant.id)).toEqual(before);
  });
});

describe("[ELSI staff] bad input to the campaign form", () => {
  it("is refused with translated errors naming the field, and nothing is written", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const facility = await createFacility();
    const valid = { kind: "survey", title: "Survey", messageJa: message.ja, messageJaEasy: message["ja-easy"], messageEn: message.en, facilityIds: [facility.id] };
    const cases: { form: Record<string, string | string[]>; en: string }[] = [
      { form: {}, en: "Please fill this in." },
      { form: { ...valid, title: "x".repeat(121) }, en: "at most 120 can be saved" },
      { form: { ...valid, kind: "lottery" }, en: "This is not one of the choices offered" },
      { form: { ...valid, title: "Survey\u202Etxt.exe" }, en: "U+202E" },
      { form: { ...valid, messageEn: "" }, en: "Please fill this in." },
      { form: { ...valid, facilityIds: ["not-a-uuid"] }, en: "" },
      { form: { ...valid, facilityIds: [randomUUID()] }, en: "" },
      { form: { ...valid, enrolmentAgeMin: "70", enrolmentAgeMax: "20" }, en: "" },
      { form: { ...valid, enrolmentAgeMin: "-1" }, en: "" },
    ];
    const campaigns = await getDatabase().recontactCampaign.count();
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const cookie = await cookieFor(staff, language);
      for (const { form, en } of cases) {
        const refused = await http("POST", "/staff/recontact/new", cookie, form);
        expect(refused.status, JSON.stringify(form).slice(0, 80)).toBe(400);
        const html = text(refused);
        expect(html).toMatch(/role="alert"/);
        if (language === "en" && en) expect(html.toLowerCase()).toContain(en.toLowerCase());
      }
    }
    expect(await getDatabase().recontactCampaign.count()).toBe(campaigns);
  });

  it("refuses an empty or unknown send with a translated error, and an unknown campaign with 404", async () => {
    const staff = await createUser({ role: "elsi_staff" });
    const facility = await createFacility();
    const cookie = await cookieFor(staff, "en");
    const campaignId = await writeCampaign(cookie, facility.id);
    // Empty, a wrong intent or state, an unticked or forged confirmation (fullwidth "ｙｅｓ", a bidi control).
    for (const form of [{} as Record<string, string>, { intent: "sned" }, { intent: "send", state: "sent", confirm: "yes" }, { intent: "send", state: "draft" }, { intent: "send", state: "draft", confirm: "ｙｅｓ" }, { intent: "send", state: "draft", confirm: "yes\u202E" }]) {
      const refused = await http("POST", `/staff/recontact/${campaignId}`, cookie, form);
      expect(refused.status).toBe(400);
      expect(text(refused)).toMatch(/role="alert"/);
    }
    expect((await getDatabase().recontactCampaign.findUniqueOrThrow({ where: { id: campaignId } })).state).toBe("draft");
    expect((await http("POST", `/staff/recontact/${randomUUID()}`, cookie, { intent: "send", state: "draft", confirm: "yes" })).status).toBe(404);
    expect((await http("GET", `/staff/recontact/${randomUUID()}`, cookie)).status).toBe(404);
    expect((await http("GET", "/staff/recontact/nonsense", cookie)).status).toBe(404);
  });
});
