import { getDatabase, type Database } from "../../db.server";
import { decidePanelClaim, markPanelClaimPaid, submitPanelClaim } from "../../domain/panel-claims/index.server";
import type { DemoAccount } from "./demo-file";

const day = 86_400_000;
/** The day in Japan `days` ago, `YYYY-MM-DD`. */
const japanDayAgo = (days: number) => new Date(Date.now() - days * day + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * The demo panel member's honoraria and expenses (issue 59 item 3; ADR 152), through the verbs as the member and the
 * ELSI staff would: the honorarium for the panel meeting held three weeks ago, approved and paid, and a travel claim
 * waiting for a decision. Idempotent: nothing if the member has a claim.
 */
export async function seedDemoPanelClaims(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const emailOf = (role: DemoAccount["role"]) => accounts.find((account) => account.role === role)?.email;
  const [memberEmail, staffEmail] = [emailOf("panel_member"), emailOf("elsi_staff")];
  const member = memberEmail ? await db.user.findUnique({ where: { email: memberEmail }, select: { id: true } }) : null;
  const staff = staffEmail ? await db.user.findUnique({ where: { email: staffEmail }, select: { id: true } }) : null;
  if (!member || !staff) return;
  if ((await db.panelClaim.count({ where: { memberUserId: member.id } })) > 0) return;
  const at = (daysAgo: number) => ({ ipAddress: "127.0.0.1", userAgent: "tsunagi-seed", now: new Date(Date.now() - daysAgo * day) });

  const honorarium = await submitPanelClaim(
    { memberUserId: member.id, input: { kind: "honorarium_meeting", occurredOn: japanDayAgo(21), description: "第2回 参加者パネル会議への出席（オンライン）" }, request: at(20) },
    db,
  );
  await decidePanelClaim({ claimId: honorarium.id, decision: "approved", actorUserId: staff.id, request: at(18) }, db);
  await markPanelClaimPaid({ claimId: honorarium.id, paymentReference: "（デモ）振込 FB-2026-0042", actorUserId: staff.id, request: at(10) }, db);

  await submitPanelClaim(
    { memberUserId: member.id, input: { kind: "travel", amountYen: "1280", occurredOn: japanDayAgo(5), description: "（デモ）説明文書検討会（東京会場）への往復、横浜駅から電車" }, request: at(3) },
    db,
  );
}
