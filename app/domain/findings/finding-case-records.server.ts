import type { ChoiceSnapshot, FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase, readRows, type Database, type NamedStatement, type Transaction } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import { consentViewOfRow } from "../consent";
import type { StaffScope } from "../facilities";
import type { CaseEvent, CaseEventType } from "./case-event";
import { foldCaseEvents, type CaseState, type Reinterpretation } from "./case-facts";
import { findingQueueState, type FindingQueueState } from "./finding-queue-state";

/**
 * The findings a counsellor's read is about, each with the participant's consent as it stands in the same read, the
 * queue state the consent rule gives it now, and — only for findings the rule does not hide — its case's events
 * folded (ADR 034). A fixed number of statements whatever the number of findings: one for the findings with their
 * facilities and consent projections, one for their case events and re-interpretations (none when the rule hides
 * them all: a hidden finding's case is not read).
 */
export interface FindingCaseRecord {
  findingId: string;
  participantId: string;
  pseudonym: string;
  category: FindingsCategory;
  arrivedAt: Date;
  latestVersion: number;
  facility: { id: string; code: string; nameJa: string; nameEn: string };
  queueState: Exclude<FindingQueueState, "hidden">;
  /** Whether the participant allows being contacted about re-interpreted findings now (item 6). */
  findingsUpdateAllowed: boolean;
  events: CaseEvent[];
  state: CaseState;
}

interface FindingRow {
  findingId: string;
  participantId: string;
  pseudonym: string;
  category: FindingsCategory;
  arrivedAt: Date;
  latestVersion: number;
  facilityId: string;
  facilityCode: string;
  facilityNameJa: string;
  facilityNameEn: string;
  status: ConsentStatus | null;
  choices: ChoiceSnapshot | null;
  permittedPurposes: string[] | null;
  withdrawalLevel: WithdrawalLevel | null;
  interimRule: string | null;
  lifeEvent: unknown;
}

export interface FindingSelection {
  /** Exactly these findings (a case page, a step). */
  findingIds?: readonly string[];
  /** One participant's findings (their consent page's notice). */
  participantId?: string;
  category?: FindingsCategory | null;
  facilityId?: string | null;
  scope: StaffScope;
}

export function findingsUpdateAllowed(consent: ConsentView | null): boolean {
  return decideAction(consent, { action: "recontact", recontactTopic: "findings_update" }).allowed;
}

/**
 * Reads the selected findings and keeps those the consent rule does not hide, oldest first. `consentOverride` lets a
 * step pass the consent it read under the participant's lock, so the check and the write see the same consent.
 */
/** A finding with its participant's facility and consent projection, as every read of cases reads it. */
const findingColumnsSql = `SELECT f."id"::text AS "findingId", f."participantId"::text AS "participantId", p."pseudonym", f."category"::text AS "category",
           f."createdAt" AS "arrivedAt", f."latestVersion", p."facilityId"::text AS "facilityId", fac."code" AS "facilityCode",
           fac."nameJa" AS "facilityNameJa", fac."nameEn" AS "facilityNameEn",
           cs."status"::text AS "status", cs."choices", cs."permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel", cs."interimRule", cs."lifeEvent"
      FROM "Finding" f
      JOIN "Participant" p ON p."id" = f."participantId"
      JOIN "Facility" fac ON fac."id" = p."facilityId"
      LEFT JOIN "ConsentState" cs ON cs."participantId" = f."participantId"`;

/** One participant's findings (their consent page and home, on every request of a participant with a finding): prepared. */
const findingsOfParticipantStatement: NamedStatement = {
  name: "tsunagi-findings-of-participant",
  text: `${findingColumnsSql} WHERE f."participantId" = $1::uuid AND f."latestVersion" > 0 ORDER BY f."createdAt", f."id"`,
};

/**
 * The visible findings' case events and re-interpretations in one statement (a round trip fewer on every consent page and
 * home of a participant with a finding; ADR 157): `seq` is an event's number or a version's.
 */
const caseRowsStatement: NamedStatement = {
  name: "tsunagi-finding-case-rows",
  text: `SELECT 'event' AS "kind", "findingId"::text AS "findingId", "seq", "type"::text AS "type", "actorUserId"::text AS "actorUserId", "payload", "at"
      FROM "FindingCaseEvent" WHERE "findingId" = ANY($1::uuid[])
    UNION ALL
    SELECT 'reinterpretation', "findingId"::text, "version", NULL, NULL, NULL, "submittedAt"
      FROM "FindingVersion" WHERE "reinterpretation" AND "findingId" = ANY($1::uuid[])
    ORDER BY "findingId", "kind", "seq"`,
};

/**
 * Reads the selected findings and keeps those the consent rule does not hide, oldest first. `consentOverride` lets a
 * step pass the consent it read under the participant's lock, so the check and the write see the same consent. Without
 * a client, one participant's findings are read with prepared statements on the plain pool.
 */
export async function readFindingCaseRecords(
  db: Database | Transaction | undefined,
  selection: FindingSelection,
  consentOverride?: { participantId: string; consent: ConsentView | null },
): Promise<FindingCaseRecord[]> {
  const { scope } = selection;
  if (scope.kind === "facilities" && scope.facilityIds.length === 0) return [];
  const oneParticipant = selection.participantId !== undefined && !selection.findingIds && !selection.category && !selection.facilityId && scope.kind === "all";
  let rows: FindingRow[];
  if (oneParticipant) {
    rows = await readRows<FindingRow>(findingsOfParticipantStatement, [selection.participantId], db);
  } else {
    const conditions: Prisma.Sql[] = [Prisma.sql`true`];
    if (selection.findingIds) conditions.push(Prisma.sql`f."id" = ANY(${[...selection.findingIds]}::uuid[])`);
    if (selection.participantId) conditions.push(Prisma.sql`f."participantId" = ${selection.participantId}::uuid`);
    if (selection.category) conditions.push(Prisma.sql`f."category"::text = ${selection.category}`);
    if (selection.facilityId) conditions.push(Prisma.sql`p."facilityId" = ${selection.facilityId}::uuid`);
    if (scope.kind === "facilities") conditions.push(Prisma.sql`p."facilityId" = ANY(${[...scope.facilityIds]}::uuid[])`);
    rows = await (db ?? getDatabase()).$queryRaw<FindingRow[]>`${Prisma.raw(findingColumnsSql)} WHERE ${Prisma.join(conditions, " AND ")} AND f."latestVersion" > 0 ORDER BY f."createdAt", f."id"`;
  }

  const visible: (FindingRow & { queueState: Exclude<FindingQueueState, "hidden">; consent: ConsentView | null })[] = [];
  for (const row of rows) {
    const consent = consentOverride && consentOverride.participantId === row.participantId ? consentOverride.consent : consentViewOfRow(row);
    const queueState = findingQueueState(consent, row.category);
    // The right not to know: a hidden finding's case is not read at all.
    if (queueState !== "hidden") visible.push({ ...row, queueState, consent });
  }
  if (visible.length === 0) return [];

  const ids = visible.map((row) => row.findingId);
  const caseRows = await readRows<{ kind: "event" | "reinterpretation"; findingId: string; seq: number; type: CaseEventType | null; actorUserId: string | null; payload: unknown; at: Date }>(caseRowsStatement, [ids], db);
  const eventsOf = groupBy(caseRows.filter((row) => row.kind === "event"), (event) => event.findingId);
  const versionsOf = groupBy(caseRows.filter((row) => row.kind === "reinterpretation"), (version) => version.findingId);

  return visible.map((row) => {
    const caseEvents: CaseEvent[] = (eventsOf.get(row.findingId) ?? []).map(({ seq, type, actorUserId, payload, at }) => ({ seq, type: type!, actorUserId, payload, at }));
    const updates: Reinterpretation[] = (versionsOf.get(row.findingId) ?? []).map(({ seq, at }) => ({ version: seq, submittedAt: at }));
    const allowsUpdates = findingsUpdateAllowed(row.consent);
    return {
      findingId: row.findingId,
      participantId: row.participantId,
      pseudonym: row.pseudonym,
      category: row.category,
      arrivedAt: row.arrivedAt,
      latestVersion: row.latestVersion,
      facility: { id: row.facilityId, code: row.facilityCode, nameJa: row.facilityNameJa, nameEn: row.facilityNameEn },
      queueState: row.queueState,
      findingsUpdateAllowed: allowsUpdates,
      events: caseEvents,
      state: foldCaseEvents(caseEvents, updates, allowsUpdates),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
