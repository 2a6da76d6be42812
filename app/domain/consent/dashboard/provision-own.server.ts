import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError, type RequestContext } from "../../kernel/index";
import { PROVISION_NOTICE_VERSION } from "@tsunagi/consent-rules/provision-law";
import { requireConsentSubject } from "../participants/index.server";
import { projectionFromRow } from "../ledger/index";
import { giveProvisionNotice, stopProvision } from "../records/index.server";
import { instantOfJapanTime, japanDate } from "../../time";

/**
 * A participant's (or their proxy's) side of the 2024 law (次世代医療基盤法; issue 58 items 1–2, ADR 140): the notice,
 * read and acknowledged online, and the stop of provision to certified producers in two screens.
 */

/** /provision: "I have read the notice". */
export const ProvisionNoticeSchema = z.object({ intent: z.literal("read") });
/** /provision/stop: the second screen's confirmation. */
export const StopProvisionSchema = z.object({ intent: z.literal("confirm") });

export interface ProvisionStandingView {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  relationship: string | null;
  hasConsent: boolean;
  /** When the notice (any version) was first given to this person, online or on paper; null if never. */
  noticeGivenAt: Date | null;
  noticeChannel: "online" | "paper" | null;
  /** Whether this release's notice has been given (a newer text is offered again). */
  currentNoticeGiven: boolean;
  stopped: boolean;
  stoppedAt: Date | null;
}

export async function loadProvisionStanding(options: { userId: string; participantId?: string | null }, db: Database = getDatabase()): Promise<ProvisionStandingView> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const [state, notices, stop] = await Promise.all([
    db.consentState.findUnique({ where: { participantId: subject.participantId } }),
    db.provisionNotice.findMany({ where: { participantId: subject.participantId }, orderBy: { shownAt: "asc" }, select: { shownAt: true, channel: true, noticeVersion: true } }),
    db.consentEvent.findFirst({ where: { participantId: subject.participantId, type: "provision_stopped" }, orderBy: { participantSeq: "asc" }, select: { occurredAt: true } }),
  ]);
  const first = notices[0] ?? null;
  return {
    participantId: subject.participantId,
    fullName: subject.fullName,
    as: subject.as,
    relationship: subject.relationship,
    hasConsent: state !== null,
    noticeGivenAt: first?.shownAt ?? null,
    noticeChannel: first ? (first.channel === "paper" ? "paper" : "online") : null,
    currentNoticeGiven: notices.some((notice) => notice.noticeVersion === PROVISION_NOTICE_VERSION),
    stopped: state ? projectionFromRow(state).provision.stopped : false,
    stoppedAt: stop?.occurredAt ?? null,
  };
}

/** The notice read online by the participant or their proxy: recorded as given, by that reader. */
export async function acknowledgeOwnProvisionNotice(
  options: { actor: { userId: string; role: string }; participantId?: string | null; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const subject = await requireConsentSubject(options.actor.userId, options.participantId, db);
  await giveProvisionNotice({ participantId: subject.participantId, channel: "online", actor: options.actor, request: options.request }, db);
}

/**
 * Stops provision to certified producers for the person, effective at once. Without a consent nothing is provided at
 * all, so there is nothing to stop (consent_not_found, as a withdrawal). Asked twice, it stops once.
 */
export async function stopOwnProvision(
  options: { actor: { userId: string; role: string }; participantId?: string | null; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ stoppedNow: boolean }> {
  const subject = await requireConsentSubject(options.actor.userId, options.participantId, db);
  // stopProvision refuses a person without a consent (consent_not_found) under their lock: no second read here.
  const { event } = await stopProvision({ participantId: subject.participantId, actor: options.actor, method: "online", request: options.request }, db);
  return { stoppedNow: event !== null };
}

/** Staff record a notice the clinic gave on paper, on the day it was given (not after today, not before 2024-04-01). */
export const PaperProvisionNoticeSchema = z.object({
  givenOn: z.iso.date(),
});

/** The day the law came into force: no notice under it was given before. */
const LAW_IN_FORCE = "2024-04-01";

/**
 * A coordinator records the notice the clinic gave on paper (the law's "書面で"), dated the day it was given: it counts
 * as the notice from that day, exactly as one read online. A day after today or before the law is refused.
 */
export async function recordPaperProvisionNotice(
  options: { participantId: string; staff: { userId: string; role: string }; givenOn: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<void> {
  const { givenOn } = PaperProvisionNoticeSchema.parse({ givenOn: options.givenOn });
  if (givenOn > japanDate(options.request.now ?? new Date()) || givenOn < LAW_IN_FORCE) throw new AppError("invalid_input");
  await giveProvisionNotice({ participantId: options.participantId, channel: "paper", shownAt: instantOfJapanTime(`${givenOn}T00:00`), actor: options.staff, request: options.request }, db);
}
