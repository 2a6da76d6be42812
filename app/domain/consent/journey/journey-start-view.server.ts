import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/app-error";
import { recordAuditEvent } from "../../kernel/record-audit-event.server";
import type { RequestContext } from "../../kernel/request-context";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { currentFormVersionForParticipant } from "../enrolment/participant-form-key.server";
import { programmeFormKeys } from "../enrolment/programme-forms";
import { currentFormVersion, type FormVersion } from "../forms/load-form-version.server";
import { consentSubjectsOf } from "../participants/consent-subjects.server";
import { progressOf } from "./journey-progress";
import type { JourneyStartView, StartStatus } from "./journey-views";
import { outlineOf, resumeStep, stepNumber, totalSteps, type JourneyOutline } from "./journey-steps";

async function statusFor(
  options: { participantId: string; actorUserId: string; method: "online" | "assisted"; signingAs: "self" | "proxy" | "unknown"; version: FormVersion; outline: JourneyOutline },
  db: Database,
): Promise<StartStatus> {
  const [state, open] = await Promise.all([
    db.consentState.findUnique({ where: { participantId: options.participantId }, select: { status: true, formVersionId: true, consentedBy: true } }),
    db.consentJourney.findFirst({
      where: { participantId: options.participantId, actorUserId: options.actorUserId, method: options.method, status: "in_progress" },
      orderBy: { updatedAt: "desc" },
    }),
  ]);
  const signed = state?.status === "active" && state.formVersionId === options.version.id;
  if (signed && (options.signingAs === "unknown" || (options.signingAs === "proxy") === (state.consentedBy === "proxy"))) return { kind: "already_consented" };
  if (!open) return { kind: "new" };
  if (open.formVersionId !== options.version.id) {
    const old = await db.consentFormVersion.findUnique({ where: { id: open.formVersionId }, select: { version: true } });
    return { kind: "outdated", fromVersion: old?.version ?? "" };
  }
  const next = resumeStep(options.outline, progressOf(open));
  return { kind: "in_progress", step: next.kind === "stop" ? 0 : stepNumber(options.outline, next), of: totalSteps(options.outline) };
}

function versionSummary(version: FormVersion, language: FormLanguage) {
  const text = version.content.languages[language];
  return { formVersion: version.version, title: text.title, summary: text.summary, totalSteps: totalSteps(outlineOf(version.content)) };
}

/** The start page online: whom this person may act for, and for each whether to start, carry on or start again. */
export async function onlineJourneyStart(userId: string, language: FormLanguage, db: Database = getDatabase()): Promise<JourneyStartView> {
  const subjects = await consentSubjectsOf(userId, db);
  // Each person's own form: the arm they were enrolled for decides it (ADR 124). The summary is the first person's.
  const versions = await Promise.all(subjects.map((subject) => currentFormVersionForParticipant(subject.participantId, db)));
  const shown = versions[0] ?? (await currentFormVersion(programmeFormKeys.cancer, db));
  return {
    ...versionSummary(shown, language),
    subjects: await Promise.all(
      subjects.map(async (subject, index) => ({
        participantId: subject.participantId,
        displayName: subject.fullName,
        as: subject.as,
        relationship: subject.relationship,
        status: await statusFor({ participantId: subject.participantId, actorUserId: userId, method: "online", signingAs: subject.as, version: versions[index]!, outline: outlineOf(versions[index]!.content) }, db),
      })),
    ),
  };
}

/**
 * The coordinator's start page for assisted consent: the participant's name (so the right person is at the
 * tablet; the read is audited), the form's summary, and the state of this coordinator's journey with them.
 */
export async function assistedJourneyStart(
  options: { coordinatorUserId: string; participantId: string; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<JourneyStartView & { pseudonym: string }> {
  const participant = await db.participant.findUnique({ where: { id: options.participantId }, include: { identity: true } });
  if (!participant?.identity || participant.identity.erasedAt) throw new AppError("not_found");
  const version = await currentFormVersionForParticipant(participant.id, db);
  const status = await statusFor(
    { participantId: participant.id, actorUserId: options.coordinatorUserId, method: "assisted", signingAs: "unknown", version, outline: outlineOf(version.content) },
    db,
  );
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_identity", purpose: "consent_support", rows: 1, participantId: participant.id } },
    { actorUserId: options.coordinatorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
  return {
    ...versionSummary(version, options.language),
    pseudonym: participant.pseudonym,
    subjects: [{ participantId: participant.id, displayName: participant.identity.fullName, as: "self", relationship: null, status }],
  };
}
