import { z } from "zod";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { currentFormVersionForParticipant, loadFormVersion, type FormVersion } from "../forms/index.server";
import { requireConsentSubject } from "../participants/index.server";
import type { JourneyActor } from "./journey-actor";
import { progressOf, type JourneyProgress } from "./journey-progress";
import { formChanges, type FormChanges } from "@tsunagi/consent-rules/form-changes";
import { carriedPath } from "./carried-choices.server";
import { outlineOf, reconsentOutlineOf, type JourneyOutline } from "./journey-steps";

export interface JourneySubject {
  participantId: string;
  /** Online: the participant's name (shown only to them or their proxy). Assisted: the pseudonym. */
  displayName: string;
  as: "self" | "proxy";
  proxyAssignmentId: string | null;
  relationship: string | null;
}

export interface LoadedJourney {
  id: string;
  participantId: string;
  method: "online" | "assisted";
  witnessName: string | null;
  language: FormLanguage;
  status: "in_progress" | "completed" | "abandoned";
  completedEventId: string | null;
  /** What was recorded, with a re-consent's carried answers (the consent in force) under the journey's own. */
  progress: JourneyProgress;
  /** A re-consent's carried answers as they stand now (ADR 120); empty on a full journey. */
  carried: JourneyProgress["choices"];
  /** A re-consent: what changed since the version the participant had signed (ADR 120); null on a full journey. */
  changes: FormChanges | null;
  version: FormVersion;
  outline: JourneyOutline;
  /** False once a newer version has been published: the journey must start again on it. */
  versionIsCurrent: boolean;
  subject: JourneySubject;
}

type Db = Database | Transaction;
type JourneyRow = NonNullable<Awaited<ReturnType<Database["consentJourney"]["findFirst"]>>>;

export function languageOfRow(stored: "ja" | "ja_easy" | "en"): FormLanguage {
  return stored === "ja_easy" ? "ja-easy" : stored;
}

async function subjectFor(actor: JourneyActor, participantId: string, db: Db): Promise<JourneySubject> {
  if (actor.method === "online") {
    const subject = await requireConsentSubject(actor.userId, participantId, db as Database);
    return { participantId, displayName: subject.fullName, as: subject.as, proxyAssignmentId: subject.proxyAssignmentId, relationship: subject.relationship };
  }
  if (actor.participantId !== participantId) throw new AppError("forbidden");
  const participant = await db.participant.findUnique({ where: { id: participantId }, select: { pseudonym: true } });
  if (!participant) throw new AppError("not_found");
  return { participantId, displayName: participant.pseudonym, as: "self", proxyAssignmentId: null, relationship: null };
}

/**
 * The path a journey walks: the whole form, or on a re-consent only what changed since the version signed before
 * (ADR 120), with the answers it carries over as the consent in force holds them now.
 */
export async function journeyPathOf(
  row: { participantId: string; previousFormVersionId: string | null },
  version: FormVersion,
  db: Db,
): Promise<{ changes: FormChanges | null; outline: JourneyOutline; carried: JourneyProgress["choices"] }> {
  const previous = row.previousFormVersionId ? await loadFormVersion(row.previousFormVersionId, db) : null;
  const changes = previous ? formChanges(previous.content, version.content) : null;
  const path = changes ? reconsentOutlineOf(version.content, changes) : outlineOf(version.content);
  return { changes, ...(await carriedPath(row.participantId, path, db)) };
}

async function loaded(row: JourneyRow, actor: JourneyActor, db: Db): Promise<LoadedJourney> {
  const [version, current, subject] = await Promise.all([loadFormVersion(row.formVersionId, db), currentFormVersionForParticipant(row.participantId, db), subjectFor(actor, row.participantId, db)]);
  const { changes, outline, carried } = await journeyPathOf(row, version, db);
  const progress = progressOf(row);
  return {
    id: row.id,
    participantId: row.participantId,
    method: row.method === "assisted" ? "assisted" : "online",
    witnessName: row.witnessName,
    language: languageOfRow(row.language),
    status: row.status,
    completedEventId: row.completedEventId,
    progress: { ...progress, choices: { ...carried, ...progress.choices } },
    carried,
    changes,
    version,
    outline,
    versionIsCurrent: current.id === version.id,
    subject,
  };
}

function ownedBy(actor: JourneyActor) {
  return { actorUserId: actor.userId, method: actor.method, ...(actor.method === "assisted" ? { participantId: actor.participantId } : {}) };
}

/** The journey this person is working through now (the one touched last), or null when none is open. */
export async function findOpenJourney(actor: JourneyActor, db: Db = getDatabase()): Promise<LoadedJourney | null> {
  const row = await db.consentJourney.findFirst({ where: { ...ownedBy(actor), status: "in_progress" }, orderBy: { updatedAt: "desc" } });
  if (!row) return null;
  try {
    return await loaded(row, actor, db);
  } catch (error) {
    // A proxy whose authority has ended no longer has a journey to continue.
    if (error instanceof AppError && error.code === "forbidden") return null;
    throw error;
  }
}

/**
 * One of this person's journeys by id. Ids come back from forms, so anything that is not theirs (or not a
 * uuid at all) is reported as a tampered field, never as someone else's journey.
 */
export async function loadJourneyFor(actor: JourneyActor, journeyId: string, db: Db = getDatabase()): Promise<LoadedJourney> {
  if (!z.uuid().safeParse(journeyId).success) throw new AppError("invalid_input");
  const row = await db.consentJourney.findFirst({ where: { id: journeyId, ...ownedBy(actor) } });
  if (!row) throw new AppError("invalid_input");
  return loaded(row, actor, db);
}

/** The open journey a form was posted from; a stale or tampered id is refused before anything is written. */
export async function requireOpenJourney(actor: JourneyActor, journeyId: string, db: Db = getDatabase()): Promise<LoadedJourney> {
  const journey = await loadJourneyFor(actor, journeyId, db);
  if (journey.status !== "in_progress") throw new AppError("invalid_input");
  if (!journey.versionIsCurrent) throw new AppError("form_updated");
  return journey;
}
