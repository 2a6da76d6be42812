import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { ApplicationContentSchema, missingForSubmission, type ApplicationContent, type RequiredField, titleOf, type TextInLanguages } from "./application-content";
import type { EthicsDocumentSummary } from "./ethics-document";
import { describeEthicsDocument } from "./read-ethics-document.server";

export interface OwnApplicationSummary {
  id: string;
  reference: string;
  /** The study's title as written, in Japanese and English (やさしい日本語 optional); the page picks the reader's. */
  title: TextInLanguages;
  state: string;
  updatedAt: string;
}

export interface ApplicantStanding {
  institution: string;
  verified: boolean;
  refused: boolean;
}

export async function loadApplicantStanding(applicantId: string, db: Database = getDatabase()): Promise<ApplicantStanding | null> {
  const profile = await db.applicantProfile.findUnique({ where: { userId: applicantId } });
  return profile ? { institution: profile.institution, verified: profile.verifiedAt !== null, refused: profile.applicationsRefusedAt !== null } : null;
}

export async function listOwnApplications(applicantId: string, db: Database = getDatabase()): Promise<OwnApplicationSummary[]> {
  const rows = await db.dataAccessApplication.findMany({
    where: { applicantId },
    orderBy: { createdAt: "desc" },
    include: { versions: { orderBy: { number: "desc" }, take: 1, select: { content: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    title: titleOf(ApplicationContentSchema.parse(row.versions[0]?.content ?? {})),
    state: row.state,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export interface OwnApplication {
  id: string;
  reference: string;
  state: string;
  editable: boolean;
  latestVersion: number;
  content: ApplicationContent;
  missing: RequiredField[];
  versions: { number: number; submittedAt: string | null; returnedAt: string | null; returnNote: string | null }[];
  decisions: { round: number; outcome: string; conditions: string; rationale: string; decidedAt: string }[];
  approval: { status: string; startsAt: string; endsAt: string; expired: boolean; datasets: string[]; outputs: string } | null;
  /** The ethics approval document attached (issue 27 item 7), without its bytes. */
  ethicsDocument: EthicsDocumentSummary | null;
}

/** The applicant's own application (another applicant's is not found), with its history and any decision. */
export async function loadOwnApplication(input: { applicantId: string; applicationId: string; now?: Date }, db: Database = getDatabase()): Promise<OwnApplication> {
  const row = await db.dataAccessApplication.findFirst({
    where: { id: input.applicationId, applicantId: input.applicantId },
    include: { versions: { orderBy: { number: "asc" } }, decisions: { orderBy: { round: "asc" } }, approval: true },
  });
  if (!row) throw new AppError("not_found");
  const ethicsDocument = await describeEthicsDocument(db, row.id);
  const latest = row.versions.at(-1);
  const content = ApplicationContentSchema.parse(latest?.content ?? {});
  const now = input.now ?? new Date();
  return {
    id: row.id,
    reference: row.reference,
    state: row.state,
    editable: row.state === "draft" || row.state === "returned",
    latestVersion: row.latestVersion,
    content,
    missing: missingForSubmission(content),
    versions: row.versions.map((version) => ({
      number: version.number,
      submittedAt: version.submittedAt?.toISOString() ?? null,
      returnedAt: version.returnedAt?.toISOString() ?? null,
      returnNote: version.returnNote,
    })),
    decisions: row.decisions.map((decision) => ({
      round: decision.round,
      outcome: decision.outcome,
      conditions: decision.conditions,
      rationale: decision.rationale,
      decidedAt: decision.decidedAt.toISOString(),
    })),
    approval: row.approval
      ? {
          status: row.approval.status,
          startsAt: row.approval.startsAt.toISOString(),
          endsAt: row.approval.endsAt.toISOString(),
          expired: row.approval.endsAt <= now,
          datasets: row.approval.datasets,
          outputs: row.approval.outputs,
        }
      : null,
    ethicsDocument,
  };
}

/** One earlier version as it was submitted (the history stays readable). */
export async function loadOwnApplicationVersion(input: { applicantId: string; applicationId: string; number: number }, db: Database = getDatabase()) {
  const version = await db.dataAccessApplicationVersion.findFirst({
    where: { applicationId: input.applicationId, number: input.number, application: { applicantId: input.applicantId } },
    include: { application: { select: { reference: true } } },
  });
  if (!version) throw new AppError("not_found");
  return {
    reference: version.application.reference,
    number: version.number,
    content: ApplicationContentSchema.parse(version.content),
    submittedAt: version.submittedAt?.toISOString() ?? null,
    returnedAt: version.returnedAt?.toISOString() ?? null,
    returnNote: version.returnNote,
  };
}
