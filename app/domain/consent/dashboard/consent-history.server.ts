import { readRows, type Database, type NamedStatement } from "../../../db.server";
import type { FormContent, FormLanguage } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../forms/index.server";
import type { ConsentEventType, ConsentMethod, WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { requireConsentSubject } from "../participants/index.server";
import type { ConsentEventRow } from "../ledger/index";
import { optionLabel } from "./choice-lines";

/** Who acted, as the reader understands it: themselves, the participant, a proxy, clinic staff, or the system. */
export type HistoryActor = "you" | "participant" | "proxy" | "staff" | "system";

export interface HistoryEntry {
  eventId: string;
  type: ConsentEventType;
  occurredAt: string;
  method: ConsentMethod;
  actor: HistoryActor;
  formVersion: string | null;
  withdrawalLevel: WithdrawalLevel | null;
  /** choices_changed: each changed choice in the signed version's words. */
  changes: { title: string; from: string; to: string }[];
  /** reconsent_requested: the version the participant was asked to read. */
  pendingVersion: string | null;
  /** Staff-recorded events: how it reached the clinic (date of the call, who spoke). */
  note: string | null;
  verificationCode: string;
}

export interface ConsentHistory {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  relationship: string | null;
  entries: HistoryEntry[];
}

function actorOf(event: { actorUserId: string | null; actorRole: string; method: ConsentMethod }, viewerUserId: string): HistoryActor {
  if (event.actorUserId && event.actorUserId === viewerUserId) return "you";
  if (event.method === "system" || event.actorRole === "system") return "system";
  if (event.actorRole === "participant") return "participant";
  if (event.actorRole === "proxy") return "proxy";
  return "staff";
}

/** What the page shows of a ledger event: not the hashes, nor the signature a person drew. */
type HistoryEventRow = Pick<
  ConsentEventRow,
  "id" | "type" | "occurredAt" | "actorUserId" | "actorRole" | "method" | "formVersionId" | "choices" | "withdrawalLevel" | "detail" | "verificationCode"
>;

/** A participant's events by their own sequence (the unique key's index), as a named statement on the plain pool (ADR 080). */
const historyStatement: NamedStatement = {
  name: "tsunagi-consent-history",
  text: `SELECT e."id"::text AS "id", e."type"::text AS "type", e."occurredAt", e."actorUserId"::text AS "actorUserId", e."actorRole",
         e."method"::text AS "method", e."formVersionId"::text AS "formVersionId", e."choices", e."withdrawalLevel"::text AS "withdrawalLevel",
         e."detail", e."verificationCode"
    FROM "ConsentEvent" e WHERE e."participantId" = $1::uuid ORDER BY e."participantSeq" DESC`,
};

/**
 * Every ledger event of a participant, newest first, for the person acting for them. Each entry names its
 * stored PDF (by event id) and its verification code; earlier copies are never regenerated.
 */
export async function loadConsentHistory(
  options: { userId: string; participantId?: string | null; language: FormLanguage },
  db?: Database,
): Promise<ConsentHistory> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const events = await readRows<HistoryEventRow>(historyStatement, [subject.participantId], db);
  const pendingOf = (detail: unknown) => {
    const pending = (detail as Record<string, unknown>).pendingFormVersionId;
    return typeof pending === "string" ? pending : null;
  };
  const versionIds = new Set(events.flatMap((event) => [event.formVersionId, pendingOf(event.detail)]));
  const versions = new Map<string, { version: string; content: FormContent }>();
  for (const id of versionIds) {
    if (!id) continue;
    const version = await loadFormVersion(id, db);
    versions.set(id, { version: version.version, content: version.content });
  }
  const entries = events.map((event): HistoryEntry => {
    const version = event.formVersionId ? versions.get(event.formVersionId) : undefined;
    const detail = event.detail as Record<string, unknown>;
    const choices = event.choices as Record<string, string>;
    const previous = (detail.previous ?? {}) as Record<string, string>;
    const changes =
      event.type === "choices_changed" && version
        ? Object.keys(previous).map((id) => ({
            title: version.content.languages[options.language].choices[id]?.title ?? id,
            from: optionLabel(version.content, options.language, id, previous[id]),
            to: optionLabel(version.content, options.language, id, choices[id]),
          }))
        : [];
    const pendingId = pendingOf(detail);
    return {
      eventId: event.id,
      type: event.type,
      occurredAt: event.occurredAt.toISOString(),
      method: event.method,
      actor: actorOf(event, options.userId),
      formVersion: version?.version ?? null,
      withdrawalLevel: event.withdrawalLevel,
      changes,
      pendingVersion: pendingId ? (versions.get(pendingId)?.version ?? null) : null,
      note: typeof detail.note === "string" ? detail.note : null,
      verificationCode: event.verificationCode,
    };
  });
  return { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship, entries };
}
