import { getDatabase, type Database } from "../../../db.server";
import { noticeFor } from "./consent-follow-up-job.server";
import { ensureConsentDocument } from "./documents/ensure-consent-document.server";
import { isConsentVersionEvent, isLifeEvent, signedGrantTypes } from "@tsunagi/consent-rules/ledger-event";
import { getEnv } from "../../../env.server";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail } from "../../mail/index.server";
import { carryProvisionNotice } from "./provision-under-law.server";
import { queueContactNotices } from "../participants/index.server";

/**
 * The `consent.follow-up` job: store the event's PDF copy (deterministic, so a retry produces the same bytes) and
 * queue a notice to the participant and every proxy with the PDF and the signed receipt (ADR 108) attached, each in its
 * reader's language. A failure
 * throws, and the queue retries; the notices carry a source key, so a retry after they were queued adds none.
 */
export async function runConsentFollowUp(consentEventId: string, db: Database = getDatabase()): Promise<void> {
  const event = await db.consentEvent.findUnique({ where: { id: consentEventId }, select: { id: true, type: true, participantId: true } });
  if (!event) return;
  // A notice of the 2024 law given before the first consent reaches the ledger once there is a consent (ADR 140).
  if (signedGrantTypes.includes(event.type)) await carryProvisionNotice(event.participantId, db);
  const kind = noticeFor[event.type];
  if (!kind) return;
  const document = await ensureConsentDocument(event.id, db);
  await db.$transaction((tx) =>
    queueContactNotices(tx, {
      participantId: event.participantId,
      kind,
      sourceKey: `consent-notice:${event.id}`,
      attachments: [
        ...(document ? [{ kind: "consent-document" as const, consentEventId: event.id }] : []),
        ...(isConsentVersionEvent(event.type) ? [{ kind: "consent-receipt" as const, consentEventId: event.id }] : []),
      ],
    }),
  );
  if (isLifeEvent(event.type)) await tellNominatedRelative(event, db);
}

/**
 * A death or loss of capacity (ADR 143): the relative the participant named on their family page is told, in their
 * language, what happens now and that they may act for the person where the law allows. Once per event (source key).
 */
async function tellNominatedRelative(event: { id: string; participantId: string }, db: Database): Promise<void> {
  const relative = await db.familyAccess.findFirst({
    where: { participantId: event.participantId, nominatedAt: { not: null }, endedAt: null },
    select: { fullName: true, familyUserId: true, familyUser: { select: { email: true, preferredLanguage: true, disabledAt: true } }, participant: { select: { identity: { select: { fullName: true } } } } },
  });
  const about = relative?.participant.identity?.fullName;
  if (!relative || relative.familyUser.disabledAt || !about) return;
  await enqueueMail(
    {
      to: relative.familyUser.email,
      userId: relative.familyUserId,
      language: fromStoredLanguage(relative.familyUser.preferredLanguage),
      template: "consent-notice",
      props: { kind: "life_event_relative", name: relative.fullName, about, url: new URL("/family", getEnv().APP_URL).toString() },
      participantId: event.participantId,
      sourceKey: `consent-notice:${event.id}:relative:${relative.familyUserId}`,
    },
    db,
  );
}
