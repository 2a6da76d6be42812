import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { currentFormVersionForParticipant, currentFormVersion, loadFormVersion, type FormVersion } from "../forms/index.server";
import { programmeFormKeys } from "../forms/index";
import { consentSubjectsOf } from "../participants/index.server";
import { progressOf } from "./journey-progress";
import type { JourneyStartView, ReconsentSummary, StartStatus } from "./journey-views";
import { outlineOf, resumeStep, stepNumber, totalSteps } from "./journey-steps";
import { journeyPathOf } from "./load-journey.server";
import { reconsentSummary, signedEarlierVersion } from "./reconsent-plan.server";

async function statusFor(
  options: { participantId: string; actorUserId: string; method: "online" | "assisted"; signingAs: "self" | "proxy" | "unknown"; version: FormVersion; language: FormLanguage },
  db: Database,
): Promise<{ status: StartStatus; reconsent: ReconsentSummary | null }> {
  const [state, open] = await Promise.all([
    db.consentState.findUnique({ where: { participantId: options.participantId }, select: { status: true, formVersionId: true, consentedBy: true } }),
    db.consentJourney.findFirst({
      where: { participantId: options.participantId, actorUserId: options.actorUserId, method: options.method, status: "in_progress" },
      orderBy: { updatedAt: "desc" },
    }),
  ]);
  const signed = state?.status === "active" && state.formVersionId === options.version.id;
  if (signed && (options.signingAs === "unknown" || (options.signingAs === "proxy") === (state.consentedBy === "proxy"))) return { status: { kind: "already_consented" }, reconsent: null };
  // A journey open on this version keeps the path it began with; a new one is a re-consent if the consent in force is on an earlier version (ADR 120).
  const onThisVersion = open?.formVersionId === options.version.id ? open : null;
  const previous = onThisVersion
    ? onThisVersion.previousFormVersionId
      ? await loadFormVersion(onThisVersion.previousFormVersionId, db)
      : null
    : await signedEarlierVersion(state, options.signingAs, options.version, db);
  const reconsent = previous ? await reconsentSummary(options.participantId, previous, options.version, options.language, db) : null;
  if (!open) return { status: { kind: "new" }, reconsent };
  if (!onThisVersion) {
    const old = await db.consentFormVersion.findUnique({ where: { id: open.formVersionId }, select: { version: true } });
    return { status: { kind: "outdated", fromVersion: old?.version ?? "" }, reconsent };
  }
  const { outline, carried } = await journeyPathOf(onThisVersion, options.version, db);
  const progress = progressOf(onThisVersion);
  const next = resumeStep(outline, { ...progress, choices: { ...carried, ...progress.choices } });
  return { status: { kind: "in_progress", step: next.kind === "stop" ? 0 : stepNumber(outline, next), of: totalSteps(outline) }, reconsent };
}

function versionSummary(version: FormVersion, language: FormLanguage) {
  const text = version.content.languages[language];
  return { formKey: version.formKey, formVersion: version.version, title: text.title, summary: text.summary, totalSteps: totalSteps(outlineOf(version.content)) };
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
        ...(await statusFor({ participantId: subject.participantId, actorUserId: userId, method: "online", signingAs: subject.as, version: versions[index]!, language }, db)),
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
  const { status, reconsent } = await statusFor({ participantId: participant.id, actorUserId: options.coordinatorUserId, method: "assisted", signingAs: "unknown", version, language: options.language }, db);
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_identity", purpose: "consent_support", rows: 1, participantId: participant.id } },
    { actorUserId: options.coordinatorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
  return {
    ...versionSummary(version, options.language),
    pseudonym: participant.pseudonym,
    subjects: [{ participantId: participant.id, displayName: participant.identity.fullName, as: "self", relationship: null, status, reconsent }],
  };
}
