// Issue 29 item 2: /home lists first what waits for the person — a new consent form to decide on (for themselves and
// for each person they act for), requests from the programme not yet answered, open consultations they have not
// answered, unread updates — each with its count and date; and nothing that is done, answered, withheld or someone
// else's.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { submitConsultationResponse } from "../../app/domain/consultations/submit-consultation-response.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { listWaitingItems, type WaitingItem } from "../../app/domain/home/list-waiting-items.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { createUser, requestFrom } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { consentedParticipant } from "./dashboard-fixtures";
import { giveProvisionNotice } from "../../app/domain/consent/index.server";
import { createFamilyAccess } from "../factories/family-factory";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createFinding, recordConsentStep } from "./finding-cases-support";

useTempDataDir();
useTestDatabase();

const kinds = (items: WaitingItem[]) => items.map((item) => item.kind);

/** The 2024 law's notice waits first for everyone until given (ADR 140); the cases below start once it was read. */
async function notified(participantId: string) {
  await giveProvisionNotice({ participantId, channel: "online", actor: { userId: null, role: "system" }, request: { ipAddress: "127.0.0.1", userAgent: "test" } });
}

async function follow(ownerId: string, ownerUserId: string) {
  return createFamilyAccess({ participantId: ownerId, invitedById: ownerUserId, scope: "updates_and_summary" });
}

async function sentRequest(participantId: string, state: { sentAt?: Date | null; answeredAt?: Date | null; withheldAt?: Date | null }) {
  const staff = await createUser({ role: "elsi_staff" });
  const campaign = await getDatabase().recontactCampaign.create({
    data: { kind: "new_study", title: "研究のご案内", messageJa: "ご案内", messageJaEasy: "ごあんない", messageEn: "An invitation", state: "sent", createdById: staff.id, sentById: staff.id, sentAt: new Date() },
  });
  await getDatabase().recontactDelivery.create({
    data: { campaignId: campaign.id, participantId, channel: "email", claimedAt: new Date(), sentAt: state.sentAt === undefined ? new Date() : state.sentAt, answeredAt: state.answeredAt ?? null, answer: state.answeredAt ? "interested" : null, tokenUsedAt: state.answeredAt ?? null, withheldAt: state.withheldAt ?? null },
  });
}

describe("[participant, proxy, follower] what waits on the home page", () => {
  // Everyone consents on version 1.0; then 2.0, a major version, asks those sharing abroad to decide again.
  let participant: Awaited<ReturnType<typeof consentedParticipant>>;
  let child: Awaited<ReturnType<typeof consentedParticipant>>;
  let follower: Awaited<ReturnType<typeof createUser>>;
  let participantItemsBefore: WaitingItem[];
  beforeAll(async () => {
    participant = await consentedParticipant({ choices: { "share.international": "yes" } });
    child = await consentedParticipant({ byProxy: true, choices: { "share.international": "yes" } });
    follower = await follow(child.id, child.proxy!.id);
    // Before anything else: the notice, for the participant and, by name, for the child the proxy acts for.
    expect(await listWaitingItems({ userId: participant.user!.id, roles: ["participant"], language: "ja" })).toEqual([
      { kind: "provision_notice", subject: { participantId: participant.id, name: participant.fullName, as: "self" } },
    ]);
    expect(await listWaitingItems({ userId: child.proxy!.id, roles: ["proxy"], language: "ja" })).toMatchObject([{ kind: "provision_notice", subject: { participantId: child.id, as: "proxy" } }]);
    await notified(participant.id);
    await notified(child.id);
    participantItemsBefore = await listWaitingItems({ userId: participant.user!.id, roles: ["participant"], language: "ja" });
    await ensurePublishedFormVersion("1.1");
    await ensurePublishedFormVersion("2.0");
  });

  it("a participant asked to re-consent, with a request, a consultation and updates, sees each once with its count and date", async () => {
    const user = { userId: participant.user!.id, roles: ["participant" as const], language: "ja" as const };
    expect(participantItemsBefore).toEqual([]);

    await sentRequest(participant.id, {});
    await sentRequest(participant.id, {});
    // Answered, not yet sent, or withheld at printing: nothing waits on these.
    await sentRequest(participant.id, { answeredAt: new Date() });
    await sentRequest(participant.id, { sentAt: null });
    await sentRequest(participant.id, { sentAt: null, withheldAt: new Date() });
    const closingSoon = new Date(Date.now() + 3 * 24 * 3600_000);
    await createPublishedConsultation({ audiences: ["participants"], closesAt: closingSoon });
    const answered = await createPublishedConsultation({ audiences: ["participants"] });
    await createPublishedConsultation({ audiences: ["panel"] });
    // Asking the public only: for anyone, so waiting for no one in particular — not on a home page.
    await createPublishedConsultation({ audiences: ["public"] });
    const staff = await createUser({ role: "elsi_staff" });
    expect(kinds(await listWaitingItems({ userId: staff.id, roles: ["elsi_staff"], language: "ja" }))).not.toContain("consultations");
    for (const audience of ["participants", "families"] as const) {
      const { id } = await createProgrammeUpdate({ update: { audiences: [audience], titleJa: `お知らせ ${audience}`, titleJaEasy: "おしらせ", titleEn: "News", bodyJa: "本文", bodyJaEasy: "ほんぶん", bodyEn: "Body" }, actorUserId: staff.id });
      await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
    }
    const { questionIds } = await getDatabase()
      .consultationQuestion.findMany({ where: { consultationId: answered.id }, orderBy: { position: "asc" }, select: { id: true } })
      .then((rows) => ({ questionIds: rows.map((row) => row.id) }));
    await submitConsultationResponse({
      consultationId: answered.id,
      responder: { kind: "account", userId: participant.user!.id, roles: ["participant"] },
      answers: { [questionIds[0]!]: "yes", [questionIds[1]!]: ["audit"], [questionIds[2]!]: "4", [questionIds[3]!]: ["b", "", "a"] },
      request: requestFrom(),
    });

    const items = await listWaitingItems(user);
    expect(kinds(items)).toEqual(["reconsent", "recontact", "consultations", "updates"]);
    const [reconsent, recontact, consultations, updates] = items;
    expect(reconsent).toMatchObject({ kind: "reconsent", version: "2.0", subject: { participantId: participant.id, as: "self" } });
    expect(recontact).toMatchObject({ kind: "recontact", count: 2, subject: { as: "self" } });
    expect(consultations).toMatchObject({ kind: "consultations", count: 1 });
    expect((consultations as { closesAt: Date }).closesAt.getTime()).toBe(closingSoon.getTime());
    // The participants' update, not the families'.
    expect(updates).toMatchObject({ kind: "updates", count: 1 });

    // Once read, an update no longer waits.
    const [participantsUpdate] = await getDatabase().programmeUpdate.findMany({ where: { audiences: { has: "participants" } } });
    await getDatabase().updateRead.create({ data: { userId: participant.user!.id, updateId: participantsUpdate!.id } });
    expect(kinds(await listWaitingItems(user))).toEqual(["reconsent", "recontact", "consultations"]);
  });

  it("a proxy sees what waits for each person they act for, by name; a follower sees only their own updates", async () => {
    await sentRequest(child.id, {});

    const proxyItems = await listWaitingItems({ userId: child.proxy!.id, roles: ["proxy"], language: "ja" });
    expect(proxyItems).toMatchObject([
      { kind: "reconsent", subject: { participantId: child.id, as: "proxy", name: "山田 さくら" } },
      { kind: "recontact", count: 1, subject: { participantId: child.id, as: "proxy" } },
      // A proxy reads the participants' updates as a participant would (the one published above).
      { kind: "updates", count: 1 },
    ]);

    // The follower reads about the child elsewhere; nothing of the child's consent or requests waits for them here,
    // only the updates for families (one from the test above), counted again when another comes out.
    const before = await listWaitingItems({ userId: follower.id, roles: ["family"], language: "ja" });
    expect(before).toMatchObject([{ kind: "updates", count: 1 }]);
    const staff = await createUser({ role: "elsi_staff" });
    const { id } = await createProgrammeUpdate({ update: { audiences: ["families"], titleJa: "ご家族へ", titleJaEasy: "かぞくへ", titleEn: "For families", bodyJa: "本文", bodyJaEasy: "ほんぶん", bodyEn: "Body" }, actorUserId: staff.id });
    await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
    expect(await listWaitingItems({ userId: follower.id, roles: ["family"], language: "ja" })).toMatchObject([{ kind: "updates", count: 2 }]);
  });

  it("a care team's appointment waits for the participant it is about, and for no one who chose not to know", async () => {
    const facility = await createFacility();
    const coordinator = await createUser({ role: "coordinator" });
    const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
    const request = { ipAddress: "127.0.0.1", userAgent: "test" };
    const withFinding = async (cancer: "want" | "not_want") => {
      const person = await createParticipant({ withAccount: true, facility });
      await notified(person.id);
      await recordConsentStep(person.id, coordinator.id, { kind: "grant", cancer, other: "not_want", findingsUpdate: "yes" });
      return { person, findingId: await createFinding(person.id, "hereditary_cancer") };
    };
    const wanting = await withFinding("want");
    const notWanting = await withFinding("not_want");
    const take = (findingId: string, step: Parameters<typeof takeCaseStep>[0]["step"], input: unknown = {}) => takeCaseStep({ findingId, step, input, actorId: counsellor.id, request });
    // What waits about the person themselves (the consultations and updates published above wait for everyone).
    const home = async (person: { user: { id: string } | null }) =>
      (await listWaitingItems({ userId: person.user!.id, roles: ["participant"], language: "ja" })).filter((item) => "subject" in item);

    // A case claimed but with no appointment yet says nothing to the participant.
    await take(wanting.findingId, "claim");
    expect(kinds(await home(wanting.person))).toEqual([]);
    await take(wanting.findingId, "schedule_appointment", { at: "2026-12-01T10:00", mode: "in_person", place: "遺伝カウンセリング外来 3番", language: "ja" });
    const items = await home(wanting.person);
    expect(items).toMatchObject([{ kind: "appointment", talk: "talk_about_result", subject: { participantId: wanting.person.id, as: "self" } }]);
    expect((items[0] as { at: Date }).at.toISOString()).toBe("2026-12-01T01:00:00.000Z");
    // The right not to know: a finding they chose not to learn of never surfaces, not even as an appointment to come.
    expect(kinds(await home(notWanting.person))).toEqual([]);
  });
});
