// A deadline when staff ask for re-consent (issue 55 Deliver 2; ADR 120): set when a major version is published,
// said in the notice, on home and on /consent, and in reminders two weeks and three days before — once each, and
// never to someone who has decided meanwhile.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { loadFormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import { sendReconsentReminders } from "../../app/domain/consent/forms/send-reconsent-reminders.server";
import { onlineJourneyStart } from "../../app/domain/consent/journey/journey-start-view.server";
import { signJourney } from "../../app/domain/consent/journey/sign-journey.server";
import { listWaitingItems } from "../../app/domain/home/list-waiting-items.server";
import { loadConsentOverview } from "../../app/domain/home/consent-overview.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { journeyReadyToSign, onlineActor, request } from "./journey-walk";

useTestDatabase();
useTempDataDir();

const DAY = 24 * 60 * 60 * 1000;
const dayAfter = (from: Date, days: number) => new Date(from.getTime() + days * DAY).toISOString().slice(0, 10);

async function consentedOn(version: string) {
  const form = await loadFormVersion(await ensurePublishedFormVersion(version as "1.1"));
  const participant = await createParticipant();
  const actor = onlineActor(participant.user!);
  await signJourney({ actor, journeyId: await journeyReadyToSign(actor, participant.id, form), printedName: participant.fullName, language: "ja", request });
  return { participant, actor };
}

const noticesTo = (participantId: string, kind: string) =>
  getDatabase().mailMessage.findMany({ where: { participantId, template: "consent-notice", props: { path: ["kind"], equals: kind } }, orderBy: { createdAt: "asc" } });

describe("the re-consent deadline", () => {
  let waiting: Awaited<ReturnType<typeof consentedOn>>;
  let deciding: Awaited<ReturnType<typeof consentedOn>>;
  let v2: Awaited<ReturnType<typeof loadFormVersion>>;
  const publishedAt = new Date();
  const deadline = dayAfter(publishedAt, 30);

  beforeAll(async () => {
    waiting = await consentedOn("1.1");
    deciding = await consentedOn("1.1");
    v2 = await loadFormVersion(await ensurePublishedFormVersion("2.0", { publishedAt, reconsentDeadline: deadline }));
  });

  it("is said in the notice, on home and on /consent, and reminded 14 and 3 days before, once each, only to who has not decided", async () => {
    const [notice] = await noticesTo(waiting.participant.id, "reconsent_required");
    expect(notice!.props).toMatchObject({ deadline });
    const items = await listWaitingItems({ userId: waiting.participant.user!.id, roles: ["participant"], language: "ja" });
    expect(items.find((item) => item.kind === "reconsent")).toMatchObject({ version: "2.0", deadline });
    const overview = await loadConsentOverview({ userId: waiting.participant.user!.id, language: "ja" });
    expect(overview!.consent!.reconsent).toMatchObject({ version: "2.0", deadline });
    const [subject] = (await onlineJourneyStart(waiting.participant.user!.id, "ja")).subjects;
    expect(subject!.reconsent).toMatchObject({ deadline });

    // One re-consents before any reminder.
    await signJourney({ actor: deciding.actor, journeyId: await journeyReadyToSign(deciding.actor, deciding.participant.id, v2), printedName: deciding.participant.fullName, language: "ja", request });

    const at = (daysBefore: number) => new Date(Date.parse(`${deadline}T00:00:00Z`) - daysBefore * DAY);
    expect(await sendReconsentReminders(at(20))).toBe(0);
    expect(await sendReconsentReminders(at(14))).toBe(1);
    expect(await sendReconsentReminders(at(13))).toBe(0); // the same stage is not sent again
    expect(await sendReconsentReminders(at(3))).toBe(1);
    expect(await sendReconsentReminders(at(1))).toBe(0);
    const reminders = await noticesTo(waiting.participant.id, "reconsent_reminder");
    expect(reminders.map((mail) => (mail.props as { deadline: string }).deadline)).toEqual([deadline, deadline]);
    expect(await noticesTo(deciding.participant.id, "reconsent_reminder")).toEqual([]);
  });

  it("skips the two-week reminder when the deadline was set closer than that", async () => {
    const db = getDatabase();
    const setAt = new Date();
    // Five days after the day it was set in Japan, where the reminders count days: after 15:00 UTC, Japan is a day
    // ahead, and five UTC days from then would be four Japanese days (inside the three-day stage).
    const near = dayAfter(new Date(setAt.getTime() + 9 * 60 * 60 * 1000), 5);
    await db.reconsentDeadline.update({ where: { formVersionId: v2.id }, data: { deadline: new Date(`${near}T00:00:00Z`), updatedAt: setAt } });
    await db.reconsentReminder.deleteMany({});
    expect(await sendReconsentReminders(new Date(setAt.getTime() + DAY))).toBe(0);
    expect(await sendReconsentReminders(new Date(Date.parse(`${near}T00:00:00Z`) - 3 * DAY))).toBe(1);
  });

  it("refuses a deadline in the past, too far ahead, not a date, or on a minor version, and publishes nothing", async () => {
    const db = getDatabase();
    const base = await db.consentFormVersion.findFirstOrThrow({ where: { version: "1.1" }, select: { formKey: true, content: true, effectiveDate: true } });
    const content = { ...(base.content as Record<string, unknown>), version: "2.1", kind: "minor" };
    const draft = await db.consentFormVersion.create({ data: { formKey: base.formKey, content, effectiveDate: base.effectiveDate, version: "2.1", kind: "minor", status: "draft" } });
    const before = await db.reconsentDeadline.count();
    for (const reconsentDeadline of [dayAfter(new Date(), -1), dayAfter(new Date(), -0.5), dayAfter(new Date(), 800), "2027-02-30", "tomorrow", dayAfter(new Date(), 30)]) {
      await expect(publishFormVersion({ formVersionId: draft.id, publishedById: null, actorRole: "elsi_staff", reconsentDeadline, context: {} })).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect(await db.consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "draft" });
    expect(await db.reconsentDeadline.count()).toBe(before);
  });
});
