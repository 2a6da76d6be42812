import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { currentFormVersion, type FormVersion } from "./load-form-version.server";
import { uuidPattern } from "../../kernel/index";
import type { ProgrammeArea } from "../participants/index";
import { formKeyForArea, type ProgrammeFormKey } from "./programme-forms";

/** The form this participant's enrolment signs (formKeyForArea of their programme area). */
export async function formKeyForParticipant(participantId: string, db: Database | Transaction = getDatabase()): Promise<ProgrammeFormKey> {
  if (!uuidPattern.test(participantId)) throw new AppError("not_found");
  const row = await db.participant.findUnique({ where: { id: participantId }, select: { programmeArea: true } });
  if (!row) throw new AppError("not_found");
  return formKeyForArea(row.programmeArea as ProgrammeArea | null);
}

/**
 * Refuses a form of the other arm: a rare-disease enrolment never signs the cancer form, nor the other way round,
 * whoever asks (a journey opened before the rule, a paper form picked by hand, a crafted request).
 */
export async function requireFormOfParticipantArea(participantId: string, formKey: string, db: Database | Transaction = getDatabase()): Promise<void> {
  if ((await formKeyForParticipant(participantId, db)) !== formKey) throw new AppError("form_not_for_area");
}

/** The version of this participant's form that new consents are signed under: the newest published one. */
export async function currentFormVersionForParticipant(participantId: string, db: Database | Transaction = getDatabase()): Promise<FormVersion> {
  return currentFormVersion(await formKeyForParticipant(participantId, db), db);
}
