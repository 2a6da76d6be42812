import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { InterimRule } from "@tsunagi/consent-rules/form-content";
import { NO_PROVISION_STANDING, type ConsentProjection, type ConsentStatus, type LifeEvent, type ProvisionStanding } from "@tsunagi/consent-rules/consent-projection";
import type { ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { ConsentEventType, ConsentMethod, LedgerEventRecord, Signature, WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";

/** A ConsentEvent row as Prisma returns it. */
export interface ConsentEventRow {
  id: string;
  globalSeq: bigint;
  participantId: string;
  participantSeq: number;
  type: ConsentEventType;
  occurredAt: Date;
  actorUserId: string | null;
  actorRole: string;
  method: ConsentMethod;
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: unknown;
  signature: unknown;
  withdrawalLevel: WithdrawalLevel | null;
  detail: unknown;
  prevHash: string;
  hash: string;
  globalPrevHash: string;
  chainHash: string;
  verificationCode: string;
}

/**
 * Exactly what is stored, with nothing filled in: `choices` and `detail` are always written as objects, so a JSON
 * null there can only be an edit, and the verifier must hash it as found rather than as the `{}` it replaced.
 */
export function recordFromRow(row: ConsentEventRow): LedgerEventRecord {
  return {
    id: row.id,
    globalSeq: row.globalSeq.toString(),
    participantId: row.participantId,
    participantSeq: row.participantSeq,
    type: row.type,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorRole: row.actorRole,
    method: row.method,
    formVersionId: row.formVersionId,
    formVersionHash: row.formVersionHash,
    choices: row.choices as Record<string, string>,
    signature: (row.signature ?? null) as Signature | null,
    withdrawalLevel: row.withdrawalLevel,
    detail: row.detail as Record<string, unknown>,
    prevHash: row.prevHash,
    hash: row.hash,
    globalPrevHash: row.globalPrevHash,
    chainHash: row.chainHash,
    verificationCode: row.verificationCode,
  };
}

/** A ConsentState row as Prisma returns it. */
export interface ConsentStateRow {
  participantId: string;
  status: ConsentProjection["status"];
  formVersionId: string | null;
  formVersionHash: string | null;
  choices: unknown;
  permittedPurposes: string[];
  withdrawalLevel: WithdrawalLevel | null;
  pendingFormVersionId: string | null;
  interimRule: string | null;
  consentedBy: string;
  provision: unknown;
  /** Required: a read that leaves it out would take a person who died or lost capacity as living (ADR 143). */
  lifeEvent: unknown;
  lastEventId: string;
  version: number;
  updatedAt: Date;
}

/** The stored standing under the 2024 law, read strictly: anything but the two members as written reads as nobody notified. */
function provisionFromJson(value: unknown): ProvisionStanding {
  if (typeof value !== "object" || value === null) return NO_PROVISION_STANDING;
  const { noticeVersion, stopped } = value as Record<string, unknown>;
  return { noticeVersion: typeof noticeVersion === "string" ? noticeVersion : null, stopped: stopped === true };
}

/** A recorded death or loss of capacity (ADR 143), read strictly: a kind it does not know reads as a death (fail closed). */
function lifeEventFromJson(value: unknown): LifeEvent | null {
  if (typeof value !== "object" || value === null) return null;
  const { kind, on } = value as Record<string, unknown>;
  return { kind: kind === "incapacity" ? "incapacity" : "death", on: typeof on === "string" ? on : "" };
}

export function projectionFromRow(row: ConsentStateRow): ConsentProjection {
  return {
    participantId: row.participantId,
    status: row.status,
    formVersionId: row.formVersionId,
    formVersionHash: row.formVersionHash,
    choices: (row.choices ?? {}) as ChoiceSnapshot,
    permittedPurposes: [...row.permittedPurposes],
    withdrawalLevel: row.withdrawalLevel,
    pendingFormVersionId: row.pendingFormVersionId,
    interimRule: (row.interimRule as InterimRule | null) ?? null,
    consentedBy: row.consentedBy === "proxy" ? "proxy" : "self",
    provision: provisionFromJson(row.provision),
    lifeEvent: lifeEventFromJson(row.lifeEvent),
    lastEventId: row.lastEventId,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function rowFromProjection(state: ConsentProjection) {
  // The standing as a JSON object for its jsonb column (a plain record, as Prisma's JSON input types want).
  const provision: Record<string, string | boolean | null> = { ...state.provision };
  const { lifeEvent, ...rest } = state;
  // The life event is written only by its own events (appendConsentEvent), as the provision standing's column is not.
  void lifeEvent;
  return { ...rest, choices: state.choices, provision, updatedAt: new Date(state.updatedAt) };
}

/** The consent columns a read joins from ConsentState (LEFT JOIN: all null for a participant who never consented). */
export interface ConsentViewColumns {
  status: ConsentStatus | null;
  choices: unknown;
  permittedPurposes: string[] | null;
  withdrawalLevel: WithdrawalLevel | null;
  interimRule: string | null;
  /**
   * The recorded death or loss of capacity (ADR 143). Required, so every read that decides with the rule selects it: a
   * read without it would take the person as living and allow what their disposition stops.
   */
  lifeEvent: unknown;
}

/** What decideAction reads, from a ConsentState row joined into a larger read; null when there is no consent. */
export function consentViewOfRow(row: ConsentViewColumns): ConsentView | null {
  if (row.status === null) return null;
  return {
    status: row.status,
    choices: (row.choices ?? {}) as ChoiceSnapshot,
    permittedPurposes: row.permittedPurposes ?? [],
    withdrawalLevel: row.withdrawalLevel,
    interimRule: (row.interimRule as InterimRule | null) ?? null,
    lifeEvent: lifeEventFromJson(row.lifeEvent),
  };
}
