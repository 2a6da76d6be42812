import { getDatabase, type Database, type Transaction } from "../../db.server";
import type { SupportedLanguage } from "../../i18n/languages";
import { AppError, uuidPattern } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import { applicationPriority, panelCallState, type PanelAgeBand, type PanelApplicationState, type PanelCallFields, type PanelCallState, type PanelConnection, type PanelDiseaseArea } from "./panel-call-forms";

type Localized = Record<SupportedLanguage, string>;
/** A text in the reader's language, Japanese where that one is empty. */
export const callTextIn = (stored: unknown, language: SupportedLanguage) => ((stored as Localized | null)?.[language] ?? "").trim() || ((stored as Localized | null)?.ja ?? "");

export interface PanelCallView {
  id: string;
  title: string;
  description: string;
  seats: number;
  opensAt: string;
  closesAt: string;
  state: PanelCallState;
  /** Seats filled so far (public: the panel is announced by number, never by name). */
  selected: number;
}

const callSelect = { id: true, title: true, description: true, seats: true, opensAt: true, closesAt: true } as const;
type CallRow = { id: string; title: unknown; description: unknown; seats: number; opensAt: Date; closesAt: Date };

async function selectedCounts(callIds: string[], db: Database): Promise<Map<string, number>> {
  const rows = callIds.length === 0 ? [] : await db.panelApplication.groupBy({ by: ["callId"], where: { callId: { in: callIds }, state: "selected" }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.callId, row._count._all]));
}

function viewOf(row: CallRow, selected: number, language: SupportedLanguage, now: Date): PanelCallView {
  return {
    id: row.id,
    title: callTextIn(row.title, language),
    description: callTextIn(row.description, language),
    seats: row.seats,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    state: panelCallState(row, now),
    selected,
  };
}

/** The public list: calls open or opening, then the last closed ones. */
export async function listPanelCalls(options: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<{ open: PanelCallView[]; closed: PanelCallView[] }> {
  const now = options.now ?? new Date();
  const [open, closed] = await Promise.all([
    db.panelCall.findMany({ where: { closesAt: { gt: now } }, orderBy: [{ closesAt: "asc" }, { id: "asc" }], take: 20, select: callSelect }),
    db.panelCall.findMany({ where: { closesAt: { lte: now } }, orderBy: [{ closesAt: "desc" }, { id: "asc" }], take: 10, select: callSelect }),
  ]);
  const counts = await selectedCounts([...open, ...closed].map((row) => row.id), db);
  return {
    open: open.map((row) => viewOf(row, counts.get(row.id) ?? 0, options.language, now)),
    closed: closed.map((row) => viewOf(row, counts.get(row.id) ?? 0, options.language, now)),
  };
}

export async function loadPanelCall(options: { callId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<PanelCallView> {
  if (!uuidPattern.test(options.callId)) throw new AppError("not_found");
  const row = await db.panelCall.findUnique({ where: { id: options.callId }, select: callSelect });
  if (!row) throw new AppError("not_found");
  return viewOf(row, (await selectedCounts([row.id], db)).get(row.id) ?? 0, options.language, options.now ?? new Date());
}

export interface StaffPanelApplication {
  id: string;
  name: string;
  email: string;
  connection: PanelConnection;
  verified: boolean;
  diseaseArea: PanelDiseaseArea;
  prefecture: string;
  ageBand: PanelAgeBand;
  motivation: string;
  needs: string | null;
  state: PanelApplicationState;
  submittedAt: string;
  reason: string | null;
  /** Selected without an account: an administrator makes one (ADR 151). */
  hasAccount: boolean;
}

export interface StaffPanelCall extends PanelCallView {
  applications: StaffPanelApplication[];
}

/** The staff page: the call and every application, participants and families first (applicationPriority), then by time. */
export async function loadStaffPanelCall(options: { callId: string; language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<StaffPanelCall> {
  const view = await loadPanelCall(options, db);
  const rows = await db.panelApplication.findMany({ where: { callId: view.id }, orderBy: [{ submittedAt: "asc" }, { id: "asc" }] });
  const applications = rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      connection: row.connection as PanelConnection,
      verified: row.verified,
      diseaseArea: row.diseaseArea as PanelDiseaseArea,
      prefecture: row.prefecture,
      ageBand: row.ageBand as PanelAgeBand,
      motivation: row.motivation,
      needs: row.needs,
      state: row.state as PanelApplicationState,
      submittedAt: row.submittedAt.toISOString(),
      reason: row.reason,
      hasAccount: row.userId !== null,
    }))
    .sort((a, b) => applicationPriority(a) - applicationPriority(b));
  return { ...view, applications };
}

/** Every call for staff, newest first, with how many applied and how many were selected. */
export async function listStaffPanelCalls(options: { language: SupportedLanguage; now?: Date }, db: Database = getDatabase()): Promise<(PanelCallView & { applied: number })[]> {
  const now = options.now ?? new Date();
  const rows = await db.panelCall.findMany({ orderBy: [{ opensAt: "desc" }, { id: "asc" }], take: 100, select: callSelect });
  const counts = await selectedCounts(rows.map((row) => row.id), db);
  const applied = rows.length === 0 ? [] : await db.panelApplication.groupBy({ by: ["callId"], where: { callId: { in: rows.map((row) => row.id) }, state: { not: "withdrawn" } }, _count: { _all: true } });
  const appliedBy = new Map(applied.map((row) => [row.callId, row._count._all]));
  return rows.map((row) => ({ ...viewOf(row, counts.get(row.id) ?? 0, options.language, now), applied: appliedBy.get(row.id) ?? 0 }));
}

/** Staff open a call (ADR 151): its texts in three languages, a number of seats, a window that has not ended. */
export async function createPanelCall(options: { input: PanelCallFields; actorUserId: string; request: RequestContext }, db: Database = getDatabase()): Promise<{ id: string }> {
  const { input } = options;
  const now = options.request.now ?? new Date();
  if (input.closesAt.getTime() <= now.getTime()) throw new AppError("panel_call_closed");
  return db.$transaction(async (tx) => {
    const row = await tx.panelCall.create({
      data: {
        title: { ja: input.titleJa, "ja-easy": input.titleJaEasy, en: input.titleEn },
        description: { ja: input.descriptionJa, "ja-easy": input.descriptionJaEasy, en: input.descriptionEn },
        seats: input.seats,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        createdById: options.actorUserId,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, { type: "panel.call_opened", outcome: "success", detail: { callId: row.id, seats: input.seats } }, { actorUserId: options.actorUserId, ipAddress: options.request.ipAddress, userAgent: options.request.userAgent });
    return row;
  });
}

/** The call's row, locked: applications and decisions on one call are taken one at a time (seats never overfilled). */
export async function lockPanelCall(tx: Transaction, callId: string): Promise<CallRow> {
  if (!uuidPattern.test(callId)) throw new AppError("not_found");
  const [row] = await tx.$queryRaw<CallRow[]>`
    SELECT "id"::text AS "id", "title", "description", "seats", "opensAt", "closesAt" FROM "PanelCall" WHERE "id" = ${callId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}
