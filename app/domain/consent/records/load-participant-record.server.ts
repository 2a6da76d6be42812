import { z } from "zod";
import { listUndeliverableAddresses } from "../../mail/index.server";
import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import type { AuditContext } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../forms/index.server";
import { closedReasonOf, hasLiveEmailCode, listOpenQuestions } from "../participants/index.server";

export type InvitationStatus = "pending" | "code_sent" | "accepted" | "revoked" | "expired" | "locked";

export interface ConsentSummary {
  status: "active" | "reconsent_required" | "withdrawn";
  formVersion: string | null;
  consentedBy: string;
  withdrawalLevel: string | null;
  pendingFormVersion: string | null;
  updatedAt: Date;
  /** Each choice as the form of that version words it, in the reader's language. */
  choices: { id: string; title: string; value: string }[];
}

async function consentSummary(state: NonNullable<Awaited<ReturnType<typeof loadState>>>, language: SupportedLanguage, db: Database): Promise<ConsentSummary> {
  const form = state.formVersionId ? await loadFormVersion(state.formVersionId, db).catch(() => null) : null;
  const pending = state.pendingFormVersionId ? await loadFormVersion(state.pendingFormVersionId, db).catch(() => null) : null;
  const snapshot = state.choices as ChoiceSnapshot;
  const text = form?.content.languages[language];
  const choices = form
    ? offeredChoices(form.content)
        .filter((id) => snapshot[id] !== undefined)
        .map((id) => ({ id, title: text?.choices[id]?.title ?? id, value: text?.choices[id]?.options[snapshot[id]!] ?? snapshot[id]! }))
    : Object.entries(snapshot).map(([id, value]) => ({ id, title: id, value: String(value) }));
  return {
    status: state.status,
    formVersion: form?.version ?? null,
    consentedBy: state.consentedBy,
    withdrawalLevel: state.withdrawalLevel,
    pendingFormVersion: pending?.version ?? null,
    updatedAt: state.updatedAt,
    choices,
  };
}

function loadState(participantId: string, db: Database) {
  return db.consentState.findUnique({ where: { participantId } });
}

/**
 * Everything a coordinator needs on one participant's page. The identity is identifiable data, so reading
 * this page is an audited read even when nothing is changed. The caller has already checked that the
 * participant is in the reader's facilities (requireParticipantInScope, ADR 015).
 */
export async function loadParticipantRecord(options: { participantId: string; language: SupportedLanguage; reader: AuditContext; now?: Date }, db: Database = getDatabase()) {
  if (!z.uuid().safeParse(options.participantId).success) throw new AppError("not_found");
  const now = options.now ?? new Date();
  const participant = await db.participant.findUnique({
    where: { id: options.participantId },
    include: {
      identity: true,
      facility: { select: { id: true, code: true, nameJa: true, nameEn: true, kind: true } },
      samples: { orderBy: { createdAt: "asc" } },
      proxies: { orderBy: { startedAt: "asc" } },
      invitations: { orderBy: { createdAt: "desc" } },
      events: { orderBy: { participantSeq: "desc" }, select: { id: true, participantSeq: true, type: true, method: true, occurredAt: true, verificationCode: true, withdrawalLevel: true } },
    },
  });
  if (!participant) throw new AppError("not_found");
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_identity", purpose: "enrolment", rows: 1, participantId: participant.id, facilityId: participant.facilityId } },
    { ...options.reader, subjectUserId: participant.userId },
  );
  const state = await loadState(participant.id, db);
  const identity = participant.identity && !participant.identity.erasedAt ? participant.identity : null;
  const account = participant.userId ? await db.user.findUnique({ where: { id: participant.userId }, select: { email: true } }) : null;
  // Mail to the participant, their account or a current proxy that a server refused for good (ADR 031).
  const undeliverable = await listUndeliverableAddresses([identity?.email, account?.email, ...participant.proxies.filter((proxy) => !proxy.endedAt).map((proxy) => proxy.email)], db);
  return {
    id: participant.id,
    pseudonym: participant.pseudonym,
    facility: participant.facility,
    programmeArea: participant.programmeArea,
    createdAt: participant.createdAt,
    hasAccount: participant.userId !== null,
    erased: participant.identity?.erasedAt ?? null,
    identity: identity && {
      fullName: identity.fullName,
      fullNameKana: identity.fullNameKana,
      dateOfBirth: identity.dateOfBirth.toISOString().slice(0, 10),
      email: identity.email,
      phone: identity.phone,
      medicalRecordNumber: identity.medicalRecordNumber,
      preferredLanguage: identity.preferredLanguage,
    },
    samples: participant.samples.map((sample) => ({ sampleCode: sample.sampleCode, kind: sample.kind, createdAt: sample.createdAt, destroyedAt: sample.destroyedAt })),
    proxies: participant.proxies.map((proxy) => ({
      id: proxy.id,
      fullName: proxy.fullName,
      email: proxy.email,
      relationship: proxy.relationship,
      hasAccount: proxy.proxyUserId !== null,
      startedAt: proxy.startedAt,
      endedAt: proxy.endedAt,
    })),
    consent: state ? await consentSummary(state, options.language, db) : null,
    events: participant.events,
    invitations: participant.invitations.map((invitation) => ({
      id: invitation.id,
      recipient: invitation.recipient,
      email: invitation.email,
      reason: invitation.reason,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
      acceptedAt: invitation.acceptedAt,
      status: (closedReasonOf(invitation, now) ?? (hasLiveEmailCode(invitation, now) ? "code_sent" : "pending")) as InvitationStatus,
    })),
    openQuestions: await listOpenQuestions(participant.id, db),
    undeliverable,
  };
}
export type ParticipantRecord = Awaited<ReturnType<typeof loadParticipantRecord>>;
