import type { Database, Transaction } from "../../../db.server";
import type { LocalizedText } from "../consultation-model";
import type { DecisionLink, DecisionState, DecisionView } from "../consultation-report";

/** A consultation's decisions in order, each with its history oldest first (ADR 063). */
export async function readDecisions(db: Database | Transaction, consultationId: string): Promise<DecisionView[]> {
  const rows = await db.consultationDecision.findMany({
    where: { consultationId },
    orderBy: { position: "asc" },
    include: { changes: { orderBy: [{ changedAt: "asc" }, { id: "asc" }], select: { state: true, note: true, changedAt: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    themeId: row.themeId,
    position: row.position,
    text: row.text as unknown as LocalizedText,
    reason: row.reason as unknown as LocalizedText,
    links: row.links as unknown as DecisionLink[],
    state: row.state as DecisionState,
    version: row.version,
    history: row.changes.map((change) => ({ state: change.state as DecisionState, note: change.note as unknown as LocalizedText, changedAt: change.changedAt.toISOString() })),
  }));
}
