import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { withdrawalLevels, type LedgerEventRecord, type WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { requireConsentSubject } from "../participants/index.server";
import { withdrawConsent } from "../records/index.server";
import { withdrawalLevelsLeft } from "../records/index";
import { projectionFromRow } from "../ledger/index";

/** Choose a level ("review" shows what it means once more), then confirm it. */
export const WithdrawSchema = z.object({
  intent: z.enum(["review", "confirm"]),
  // A string first, so an unanswered question says "please choose" rather than "please check".
  level: z.string().min(1).pipe(z.enum(withdrawalLevels)),
});
export type WithdrawInput = z.infer<typeof WithdrawSchema>;

export interface WithdrawalStanding {
  participantId: string;
  fullName: string;
  as: "self" | "proxy";
  relationship: string | null;
  hasConsent: boolean;
  current: WithdrawalLevel | null;
  /** Only stricter levels remain open. */
  available: WithdrawalLevel[];
}

export async function loadWithdrawalStanding(
  options: { userId: string; participantId?: string | null },
  db: Database = getDatabase(),
): Promise<WithdrawalStanding> {
  const subject = await requireConsentSubject(options.userId, options.participantId, db);
  const state = await db.consentState.findUnique({ where: { participantId: subject.participantId } });
  const current = state?.withdrawalLevel ?? null;
  return {
    participantId: subject.participantId,
    fullName: subject.fullName,
    as: subject.as,
    relationship: subject.relationship,
    hasConsent: state !== null,
    current,
    available: withdrawalLevelsLeft(state ? projectionFromRow(state) : null),
  };
}

/** A level that is no stricter than the one already chosen is refused: it would change nothing, and undoing a withdrawal needs a new consent. */
export function requireAvailableLevel(standing: WithdrawalStanding, level: WithdrawalLevel): void {
  if (!standing.hasConsent) throw new AppError("consent_not_found");
  if (!standing.available.includes(level)) throw new AppError("nothing_changed");
}

/** Step one: the level exists for this person (still stricter than what they chose before). */
export async function reviewOwnWithdrawal(
  options: { userId: string; participantId?: string | null; level: WithdrawalLevel },
  db: Database = getDatabase(),
): Promise<WithdrawalStanding> {
  const standing = await loadWithdrawalStanding(options, db);
  requireAvailableLevel(standing, options.level);
  return standing;
}

/** Step two: the participant (or their proxy) withdraws online, effective at once; the confirmation mail follows from withdrawConsent. */
export async function withdrawOwnConsent(
  options: { actor: { userId: string; role: string }; participantId?: string | null; input: WithdrawInput; language: FormLanguage; request: RequestContext },
  db: Database = getDatabase(),
): Promise<LedgerEventRecord> {
  const input = WithdrawSchema.parse(options.input);
  const standing = await reviewOwnWithdrawal({ userId: options.actor.userId, participantId: options.participantId, level: input.level }, db);
  return withdrawConsent({ participantId: standing.participantId, level: input.level, actor: options.actor, method: "online", language: options.language, request: options.request }, db);
}
