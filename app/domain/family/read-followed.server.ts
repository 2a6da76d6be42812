import { getDatabase, type Database } from "../../db.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import type { ConsentEventType, WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { AppError } from "../kernel/index";
import { uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { choiceLinesOf, type ChoiceLine, describeChoiceEffects, type ChoiceEffects, projectionFromRow } from "../consent";
import { loadFormVersion } from "../consent/index.server";
import { familyMaySee, viewsOfScope, type FamilyRelationship, type FamilyScope, type FamilyVerdict, type FamilyView } from "./family-access-rule";

export interface FollowedPerson {
  accessId: string;
  /** The participant's name, as the follower knows them. */
  name: string;
  relationship: FamilyRelationship;
  scope: FamilyScope;
  sees: FamilyView[];
  paused: boolean;
}

/**
 * The people a signed-in person follows: only their own live access rows (paused ones shown as paused), oldest first.
 * One statement with the names: a participant whose identity was erased is no longer shown.
 */
export async function listFollowedPeople(userId: string, db: Database = getDatabase()): Promise<FollowedPerson[]> {
  const rows = await db.$queryRaw<{ accessId: string; name: string; relationship: FamilyRelationship; scope: FamilyScope; paused: boolean }[]>`
    SELECT f."id"::text AS "accessId", i."fullName" AS "name", f."relationship"::text AS "relationship", f."scope"::text AS "scope",
           f."pausedAt" IS NOT NULL AS "paused"
      FROM "FamilyAccess" f
      JOIN "ParticipantIdentity" i ON i."participantId" = f."participantId" AND i."erasedAt" IS NULL
     WHERE f."familyUserId" = ${userId}::uuid AND f."endedAt" IS NULL
     ORDER BY f."grantedAt", f."id"`;
  return rows.map(({ accessId, name, relationship, scope, paused }) => ({ accessId, name, relationship, scope, sees: paused ? [] : viewsOfScope(scope), paused }));
}

/** Consent-changing events only: the dates a follower may see. Samples are never shown (ADR 036). */
const shownEventTypes: readonly ConsentEventType[] = ["granted", "proxy_granted", "choices_changed", "reconsented", "transferred_at_majority", "withdrawn"];

export interface SharedSummary {
  accessId: string;
  name: string;
  consent: {
    status: ConsentStatus;
    withdrawalLevel: WithdrawalLevel | null;
    choices: (ChoiceLine & { effects: ChoiceEffects })[];
  } | null;
  changes: { type: ConsentEventType; on: string }[];
}

export type SummaryRead = { ok: true; summary: SharedSummary } | { ok: false; verdict: Exclude<FamilyVerdict, "allowed">; name: string };

/**
 * A follower reads a participant's summary: their consent choices in plain words, what each does now, and the dates
 * consent changed — never findings, results, samples or identity documents. The access row is read on this very
 * request (not from the session), so a narrowed or ended access is refused at once; an id that is not one of the
 * reader's own is "not found", the same as one that does not exist. Every read is audited, and the participant sees it.
 */
export async function readSharedSummary(options: { userId: string; accessId: string; language: FormLanguage; request: RequestContext }, db: Database = getDatabase()): Promise<SummaryRead> {
  const now = options.request.now ?? new Date();
  if (!uuidPattern.test(options.accessId)) throw new AppError("not_found");
  const access = await db.familyAccess.findFirst({ where: { id: options.accessId, familyUserId: options.userId }, include: { participant: { include: { identity: true, state: true } } } });
  const identity = access?.participant.identity;
  if (!access || !identity || identity.erasedAt) throw new AppError("not_found");
  const verdict = familyMaySee(access, "summary");
  if (verdict !== "allowed") return { ok: false, verdict, name: identity.fullName };

  const row = access.participant.state;
  let consent: SharedSummary["consent"] = null;
  if (row?.formVersionId) {
    const state = projectionFromRow(row);
    const version = await loadFormVersion(row.formVersionId, db);
    consent = {
      status: state.status,
      withdrawalLevel: state.withdrawalLevel,
      choices: choiceLinesOf(version.content, options.language, state.choices as ChoiceSnapshot).map((line) => ({ ...line, effects: describeChoiceEffects(line.id, line.value, state) })),
    };
  }
  const events = await db.consentEvent.findMany({
    where: { participantId: access.participantId, type: { in: [...shownEventTypes] } },
    select: { type: true, occurredAt: true },
    orderBy: { occurredAt: "desc" },
    take: 100,
  });
  await db.$transaction(async (tx) => {
    // Still allowed at the moment of the record: an access ended while this page was being read is not stamped.
    const { count } = await tx.familyAccess.updateMany({ where: { id: access.id, endedAt: null, pausedAt: null, scope: "updates_and_summary" }, data: { lastViewedAt: now } });
    if (count !== 1) throw new AppError("not_found");
    await recordAuditEvent(
      tx,
      { type: "family.summary_read", outcome: "success", detail: { participantId: access.participantId, accessId: access.id } },
      { actorUserId: options.userId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
    );
  });
  return { ok: true, summary: { accessId: access.id, name: identity.fullName, consent, changes: events.map((event) => ({ type: event.type, on: event.occurredAt.toISOString() })) } };
}
