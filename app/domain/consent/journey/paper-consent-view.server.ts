import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { recordAuditEvent } from "../../kernel/index.server";
import type { RequestContext } from "../../kernel/index";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices, type FormLanguage } from "@tsunagi/consent-rules/form-content";
import { formKeyForArea } from "../forms/index";
import { currentFormVersion } from "../forms/index.server";

export interface PaperConsentView {
  participantId: string;
  pseudonym: string;
  fullName: string;
  formVersionId: string;
  formVersion: string;
  choices: { id: string; title: string; options: { value: string; label: string }[] }[];
  proxies: { id: string; fullName: string; relationship: string }[];
  scans: { eventId: string; fileName: string; uploadedAt: Date; verificationCode: string }[];
}

/**
 * What the coordinator needs to transcribe a paper form: who the participant is (an audited read of identity),
 * the current version's choices in the coordinator's language, who may have signed, and earlier paper scans.
 */
export async function loadPaperConsentView(
  options: { participantId: string; coordinatorUserId: string; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<PaperConsentView> {
  if (!z.uuid().safeParse(options.participantId).success) throw new AppError("not_found");
  const participant = await db.participant.findUnique({
    where: { id: options.participantId },
    include: { identity: true, proxies: { where: { endedAt: null }, orderBy: { startedAt: "asc" } }, events: { where: { method: "paper" }, select: { id: true, verificationCode: true } } },
  });
  if (!participant?.identity || participant.identity.erasedAt) throw new AppError("not_found");
  // The paper form of the enrolment's arm (ADR 124): the coordinator transcribes the form the patient was given.
  const version = await currentFormVersion(formKeyForArea(participant.programmeArea), db);
  const text = version.content.languages[options.language];
  const scans = await db.paperConsentScan.findMany({
    where: { eventId: { in: participant.events.map((event) => event.id) } },
    select: { eventId: true, fileName: true, createdAt: true },
    orderBy: { createdAt: "desc" },
  });
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "participant_identity", purpose: "consent_support", rows: 1, participantId: participant.id } },
    { actorUserId: options.coordinatorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent },
  );
  const codes = new Map(participant.events.map((event) => [event.id, event.verificationCode]));
  return {
    participantId: participant.id,
    pseudonym: participant.pseudonym,
    fullName: participant.identity.fullName,
    formVersionId: version.id,
    formVersion: version.version,
    choices: offeredChoices(version.content).map((id) => ({
      id,
      title: text.choices[id]?.title ?? id,
      options: choiceCatalogue[id].options.map((value) => ({ value, label: text.choices[id]?.options[value] ?? value })),
    })),
    proxies: participant.proxies.map((proxy) => ({ id: proxy.id, fullName: proxy.fullName, relationship: proxy.relationship })),
    scans: scans.map((scan) => ({ eventId: scan.eventId, fileName: scan.fileName, uploadedAt: scan.createdAt, verificationCode: codes.get(scan.eventId) ?? "" })),
  };
}
