import type { GateAction } from "@tsunagi/consent-rules/choice-catalogue";
import { getDatabase, type Database, type Transaction } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { inLanguage, diseaseName, outputsInLanguage, purposeLabel, type RegisterEntry, type RegisterStatus, type ResearchOutputView } from "../../access";
import { findRegisterEntry } from "../../access/index.server";
import type { Role } from "../../authz";
import { requireConsentSubject } from "../../consent/index.server";

/**
 * "Who used my data" (issue 16 item 3; ADR 047), for one participant, in plain words:
 *
 * - **uses**: every approved use whose release included any of their samples — the register's own entry for the
 *   approval (title, institution, purpose in DUO's words, lay summary, status) and the date of each such release;
 *   a release made without an approval (the move of summary data to a public database) is listed apart;
 * - **activity**: how often the pipeline asked the bridge to act on them, per Japan-time month and action, allowed
 *   and refused, from the bridge's pseudonymous decision log (`bridge_export.decision_tally`: the rows still kept and
 *   the monthly summaries of retired months, ADR 053; subject is a sample code or the participant's pseudonym). Only the actions that handle samples and data are counted: `return_primary`,
 *   `return_secondary` and `recontact` are left out, because a question about returning a result or calling the
 *   participant back can exist only when there is something to return — counting them would hint at a finding;
 * - **openings**: every time staff opened their identifiable record (`data.identifiable_read` with their
 *   participantId): the reader's role, the facility, the purpose and the time — never the staff member's name, which
 *   no participant page shows. Reads by the participant or their proxy (purpose `participant_self_service`) are not
 *   listed here: this list answers "who else looked"; they are in the personal-data disclosure's access log.
 *
 * Nothing here reads a finding. The bridge's side is read only through the `bridge_export` views, which hold sample
 * codes and pseudonyms; the app joins them to the participant, the bridge never sees who they are.
 */

/** The gate actions that handle the participant's samples and data, in the order a sample meets them. */
export const activityActions = ["sequence", "analyze", "store", "share", "release", "distribute_specimen"] as const satisfies readonly GateAction[];
export type ActivityAction = (typeof activityActions)[number];

export interface ReleaseDate {
  releaseId: string;
  releasedAt: string;
  datasetId: string;
}

export interface ApprovedUse {
  approvalId: string;
  /** The register's reference (DA-2026-0007); null when the approval's application is not in the register. */
  reference: string | null;
  title: string | null;
  institution: string | null;
  /** The applicant's lay summary in the reader's language (やさしい日本語 readers get the Japanese one, as the register does). */
  summary: string | null;
  /** DUO's own words for each approved purpose (duo-purpose-labels.ts), with the code for a plainer sentence. */
  purposes: { code: string; label: string }[];
  diseases: string[];
  status: RegisterStatus | null;
  /** Each release under this approval that included at least one of the participant's samples, newest first. */
  releases: ReleaseDate[];
  /** What came of the use (ADR 139): the register's outputs, each summary in the reader's language, newest first. */
  outputs: ResearchOutputView[];
}

export interface OtherRelease extends ReleaseDate {
  /** The bridge's recipient word (`public`: summary data moved to a public database). */
  recipient: string;
}

export interface MonthlyActivity {
  /** Japan-time month, `YYYY-MM`. */
  month: string;
  actions: { action: ActivityAction; allowed: number; refused: number }[];
}

export interface RecordOpening {
  at: string;
  /** The reader's role as their account records it; null when the account no longer exists. */
  role: Role | null;
  facility: string | null;
  purpose: string;
  resource: string;
}

export interface ParticipantDataUse {
  uses: ApprovedUse[];
  otherReleases: OtherRelease[];
  activity: MonthlyActivity[];
  /**
   * True when no decision about the participant is counted but a release did include their samples (issue 29 item
   * 7): the page must not then say the analysis system never handled them. Read from the same release rows as the
   * lists above, so the two can never disagree.
   */
  releasedWithoutCounts: boolean;
  openings: RecordOpening[];
}

export interface DataUsePage extends ParticipantDataUse {
  subject: { participantId: string; fullName: string; as: "self" | "proxy"; relationship: string | null };
}

type Reader = Database | Transaction;

interface ReleaseRow {
  releaseId: string;
  releasedAt: Date;
  datasetId: string;
  recipient: string;
  approvalId: string | null;
}

/** Releases whose signed manifest included any of these sample codes (the trigger-filled `release_sample`). */
async function readReleases(db: Reader, sampleCodes: string[]): Promise<ReleaseRow[]> {
  if (sampleCodes.length === 0) return [];
  return db.$queryRaw<ReleaseRow[]>`
    SELECT r.id::text AS "releaseId", r.created_at AS "releasedAt", r.dataset_id AS "datasetId", r.recipient, r.approval_id::text AS "approvalId"
      FROM bridge_export.release r
     WHERE r.id IN (SELECT s.release_id FROM bridge_export.release_sample s WHERE s.sample_code = ANY(${sampleCodes}::text[]))
     ORDER BY r.created_at DESC, r.id`;
}

const languageOfRegister = (language: SupportedLanguage): "ja" | "en" => (language === "en" ? "en" : "ja");

function fromRegister(approvalId: string, entry: RegisterEntry | null, fallback: { institution: string; purposeCodes: string[] } | undefined, language: SupportedLanguage): Omit<ApprovedUse, "releases"> {
  const words = languageOfRegister(language);
  if (entry) {
    return {
      approvalId,
      reference: entry.reference,
      title: inLanguage(entry.title, language) || null,
      institution: inLanguage(entry.institution, language) || null,
      summary: entry.laySummary[words] || null,
      purposes: entry.purposes.map((purpose) => ({ code: purpose.code, label: purpose[words] })),
      diseases: entry.diseases.map((disease) => diseaseName(disease.curie, language)),
      status: entry.status,
      outputs: outputsInLanguage(entry.researchOutputs, language),
    };
  }
  // An approval whose application is not (or no longer) in the register: what the approval row itself says.
  return {
    approvalId,
    reference: null,
    title: null,
    institution: fallback?.institution ?? null,
    summary: null,
    purposes: (fallback?.purposeCodes ?? []).map((code) => ({ code, label: purposeLabel(code, words) })),
    diseases: [],
    status: null,
    outputs: [],
  };
}

async function readUses(db: Reader, releases: ReleaseRow[], language: SupportedLanguage, now: Date): Promise<Pick<ParticipantDataUse, "uses" | "otherReleases">> {
  const approvalIds = [...new Set(releases.flatMap((release) => (release.approvalId ? [release.approvalId] : [])))];
  const approvals = approvalIds.length
    ? await db.dataAccessApproval.findMany({
        where: { id: { in: approvalIds } },
        select: { id: true, recipientInstitution: true, purposeCodes: true, application: { select: { reference: true } } },
      })
    : [];
  const uses: ApprovedUse[] = [];
  for (const approvalId of approvalIds) {
    const approval = approvals.find((candidate) => candidate.id === approvalId);
    // The register is public and read the register's way (its own statement, its own connection): the words a
    // participant reads here are the words anyone reads at /register/<reference>.
    const entry = approval ? await findRegisterEntry({ reference: approval.application.reference, now }) : null;
    uses.push({
      ...fromRegister(approvalId, entry, approval ? { institution: approval.recipientInstitution, purposeCodes: approval.purposeCodes } : undefined, language),
      releases: releases.filter((release) => release.approvalId === approvalId).map(releaseDate),
    });
  }
  // Newest release first, as the list reads.
  uses.sort((a, b) => (b.releases[0]?.releasedAt ?? "").localeCompare(a.releases[0]?.releasedAt ?? ""));
  const otherReleases = releases.filter((release) => !release.approvalId).map((release) => ({ ...releaseDate(release), recipient: release.recipient }));
  return { uses, otherReleases };
}

function releaseDate(release: ReleaseRow): ReleaseDate {
  return { releaseId: release.releaseId, releasedAt: release.releasedAt.toISOString(), datasetId: release.datasetId };
}

/** Decisions about the participant's pseudonym or samples, counted per Japan-time month, action and answer. */
async function readActivity(db: Reader, subjects: string[]): Promise<MonthlyActivity[]> {
  const rows = await db.$queryRaw<{ month: string; action: ActivityAction; allowed: boolean; count: number }[]>`
    SELECT d.month_jst AS "month", d.action, d.allowed, sum(d.decisions)::int AS "count"
      FROM bridge_export.decision_tally d
     WHERE d.subject = ANY(${subjects}::text[])
       AND d.action = ANY(${[...activityActions]}::text[])
     GROUP BY 1, 2, 3
     ORDER BY 1 DESC`;
  const months = new Map<string, Map<ActivityAction, { allowed: number; refused: number }>>();
  for (const row of rows) {
    const actions = months.get(row.month) ?? new Map<ActivityAction, { allowed: number; refused: number }>();
    months.set(row.month, actions);
    const counts = actions.get(row.action) ?? { allowed: 0, refused: 0 };
    actions.set(row.action, counts);
    if (row.allowed) counts.allowed += row.count;
    else counts.refused += row.count;
  }
  return [...months].map(([month, actions]) => ({
    month,
    actions: activityActions.filter((action) => actions.has(action)).map((action) => ({ action, ...actions.get(action)! })),
  }));
}

interface OpeningRow {
  at: Date;
  actorUserId: string | null;
  purpose: string;
  resource: string;
  facilityId: string | null;
}

/**
 * Staff reads of the participant's identifiable record, newest first. The facility is the one the read recorded; a
 * read recorded before facilities were written into the row falls back to the participant's own facility, which is
 * the only one whose staff may open the record (ADR 015).
 */
async function readOpenings(db: Reader, participant: { id: string; facilityId: string }, language: SupportedLanguage): Promise<RecordOpening[]> {
  const rows = await db.$queryRaw<OpeningRow[]>`
    SELECT a."occurredAt" AS "at", a."actorUserId"::text AS "actorUserId", a.detail->>'purpose' AS "purpose", a.detail->>'resource' AS "resource",
           a.detail->>'facilityId' AS "facilityId"
      FROM "AuditEvent" a
     WHERE a.type = 'data.identifiable_read'
       AND a.detail->>'participantId' = ${participant.id}
       AND a.detail->>'purpose' <> 'participant_self_service'
     ORDER BY a."occurredAt" DESC, a.id DESC`;
  if (rows.length === 0) return [];
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
  const facilityIds = [...new Set([participant.facilityId, ...rows.flatMap((row) => (row.facilityId && /^[0-9a-f-]{36}$/i.test(row.facilityId) ? [row.facilityId] : []))])];
  const actors = await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, role: true } });
  const facilities = await db.facility.findMany({ where: { id: { in: facilityIds } }, select: { id: true, nameJa: true, nameEn: true } });
  const roleOf = new Map(actors.map((actor) => [actor.id, actor.role as Role]));
  const facilityName = new Map(facilities.map((facility) => [facility.id, language === "en" ? facility.nameEn : facility.nameJa]));
  return rows.map((row) => ({
    at: row.at.toISOString(),
    role: row.actorUserId ? (roleOf.get(row.actorUserId) ?? null) : null,
    facility: facilityName.get(row.facilityId ?? participant.facilityId) ?? facilityName.get(participant.facilityId) ?? null,
    purpose: row.purpose,
    resource: row.resource,
  }));
}

/**
 * What the programme did with one participant's data (see the module comment). `db` may be a transaction: the
 * personal-data disclosure reads this inside its own, beside its audit row.
 */
export async function readParticipantDataUse(options: { participantId: string; language: SupportedLanguage; now?: Date }, db: Reader = getDatabase()): Promise<ParticipantDataUse> {
  const now = options.now ?? new Date();
  const participant = await db.participant.findUniqueOrThrow({
    where: { id: options.participantId },
    select: { id: true, pseudonym: true, facilityId: true, samples: { select: { sampleCode: true } } },
  });
  const sampleCodes = participant.samples.map((sample) => sample.sampleCode);
  const releases = await readReleases(db, sampleCodes);
  // One after another: inside a transaction the statements share one connection anyway.
  const uses = await readUses(db, releases, options.language, now);
  const activity = await readActivity(db, [participant.pseudonym, ...sampleCodes]);
  const openings = await readOpenings(db, participant, options.language);
  return { ...uses, activity, openings, releasedWithoutCounts: activity.length === 0 && releases.length > 0 };
}

/**
 * The "who used my data" page for the signed-in participant, or for the child a proxy acts for (`participantId`, as
 * `?participant=` on every consent page). An id this person may not act for is `forbidden`, whatever it names.
 */
export async function loadDataUse(options: { userId: string; participantId?: string | null; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<DataUsePage> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const use = await readParticipantDataUse({ participantId: subject.participantId, language: options.language, now: options.now }, db);
  return { subject: { participantId: subject.participantId, fullName: subject.fullName, as: subject.as, relationship: subject.relationship }, ...use };
}
