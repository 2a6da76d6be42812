import { getDatabase, type Database } from "../../db.server";
import { PanelCallFieldsSchema, type ApplyFields, type PanelDecision } from "../../domain/panel-recruitment/index";
import { applyToPanelCall, createPanelCall, decidePanelApplication } from "../../domain/panel-recruitment/index.server";
import type { DemoAccount } from "./demo-file";

const day = 86_400_000;

/** A `datetime-local` value in Japan time, whole days from now. */
function japanLocal(days: number, hour: number): string {
  return `${new Date(Date.now() + days * day + 9 * 3_600_000).toISOString().slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

/** As the seed's visitors: documentation addresses, so the demo's own tries never count against 127.0.0.1's limits. */
const from = (index: number, at: Date) => ({ ipAddress: `192.0.2.${index + 1}`, userAgent: "tsunagi-seed", now: at });

const pastApplicants: (Pick<ApplyFields, "connection" | "diseaseArea" | "prefecture" | "ageBand"> & { name: string; decision: PanelDecision })[] = [
  { name: "青木 真理", connection: "participant", diseaseArea: "cancer", prefecture: "13", ageBand: "60_74", decision: "selected" },
  { name: "石田 健", connection: "participant", diseaseArea: "cancer", prefecture: "27", ageBand: "40_59", decision: "selected" },
  { name: "上野 さやか", connection: "family", diseaseArea: "rare_disease", prefecture: "01", ageBand: "40_59", decision: "selected" },
  { name: "遠藤 隆", connection: "participant", diseaseArea: "rare_disease", prefecture: "40", ageBand: "18_39", decision: "selected" },
  { name: "大橋 恵", connection: "family", diseaseArea: "cancer", prefecture: "23", ageBand: "60_74", decision: "selected" },
  { name: "加藤 翔", connection: "participant", diseaseArea: "cancer", prefecture: "14", ageBand: "18_39", decision: "selected" },
  { name: "菊池 和子", connection: "participant", diseaseArea: "cancer", prefecture: "04", ageBand: "75_plus", decision: "selected" },
  { name: "久保 優", connection: "family", diseaseArea: "rare_disease", prefecture: "34", ageBand: "40_59", decision: "selected" },
  { name: "小林 直樹", connection: "public", diseaseArea: "none", prefecture: "13", ageBand: "40_59", decision: "selected" },
  { name: "佐野 美穂", connection: "public", diseaseArea: "none", prefecture: "26", ageBand: "18_39", decision: "selected" },
  { name: "清水 浩", connection: "participant", diseaseArea: "cancer", prefecture: "11", ageBand: "60_74", decision: "reserve" },
  { name: "田村 愛", connection: "family", diseaseArea: "cancer", prefecture: "28", ageBand: "40_59", decision: "reserve" },
  { name: "中島 悟", connection: "public", diseaseArea: "none", prefecture: "13", ageBand: "60_74", decision: "not_selected" },
  { name: "西田 由美", connection: "public", diseaseArea: "none", prefecture: "12", ageBand: "40_59", decision: "not_selected" },
];

const reasons: Record<PanelDecision, string> = {
  selected: "がん・難病の経験と地域のバランスを考え、委員としてお迎えします。",
  reserve: "定員に達したため補欠とします。席が空いたときにご連絡します。",
  not_selected: "今回は参加者とご家族の応募を優先しました。次の募集にもぜひご応募ください。",
};

/**
 * The demo's open panel (issue 59 item 3; ADR 151), through the verbs as staff and applicants would: last season's
 * call, closed and decided — ten seats given, two on the reserve list, two not this time (the panel's make-up comes
 * from it) — and this season's call, open, with the demo family member's application. Idempotent.
 */
export async function seedDemoPanelCalls(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  if ((await db.panelCall.count()) > 0) return;
  const staffAccount = accounts.find((account) => account.role === "elsi_staff");
  const staff = staffAccount ? await db.user.findUnique({ where: { email: staffAccount.email }, select: { id: true } }) : null;
  if (!staff) return;
  const texts = (season: string) => ({
    titleJa: `参加者パネル委員の募集（${season}）`,
    titleJaEasy: `参加者パネルの 委員の 募集（${season}）`,
    titleEn: `Join the participant panel (${season})`,
    descriptionJa: "データ利用の審査と説明文書の見直しに、参加者・ご家族・市民の視点を届けてください。年4回の会合（オンライン可）と、年数件の審査をお願いします。謝金と交通費をお支払いします。",
    descriptionJaEasy: "データを 使う 申し込みの 審査や、説明の 紙の 見直しに 意見を ください。1年に 4回 集まります（ネットでも できます）。お礼の お金と 交通費を 払います。",
    descriptionEn: "Bring the view of participants, families and the public to the review of data-use applications and of the explanatory documents: four meetings a year (online possible) and a few reviews. Honoraria and travel are paid.",
  });

  const pastOpened = new Date(Date.now() - 130 * day);
  const past = await createPanelCall({ input: PanelCallFieldsSchema.parse({ seats: "10", opensAt: japanLocal(-130, 9), closesAt: japanLocal(-100, 17), ...texts("2026") }), actorUserId: staff.id, request: from(0, pastOpened) }, db);
  const applied: { id: string; decision: PanelDecision }[] = [];
  for (const [index, applicant] of pastApplicants.entries()) {
    const result = await applyToPanelCall(
      {
        callId: past.id,
        input: { ...applicant, email: `panel-applicant-${index + 1}@demo.tsunagi.test`, motivation: "経験を研究に生かしてほしいと思い、応募しました。" },
        userId: null,
        roles: [],
        language: "ja",
        request: from(index + 1, new Date(Date.now() - (120 - index) * day)),
      },
      db,
    );
    if (result.ok) applied.push({ id: result.applicationId, decision: applicant.decision });
  }
  for (const [index, { id, decision }] of applied.entries()) {
    await decidePanelApplication({ callId: past.id, input: { applicationId: id, decision, reason: reasons[decision] }, actorUserId: staff.id, request: from(0, new Date(Date.now() - 95 * day + index * 60_000)) }, db);
  }

  const current = await createPanelCall({ input: PanelCallFieldsSchema.parse({ seats: "6", opensAt: japanLocal(-3, 9), closesAt: japanLocal(27, 17), ...texts("2027") }), actorUserId: staff.id, request: from(0, new Date(Date.now() - 3 * day)) }, db);
  const familyAccount = accounts.find((account) => account.role === "family");
  const family = familyAccount ? await db.user.findUnique({ where: { email: familyAccount.email }, select: { id: true, role: true, additionalRoles: true } }) : null;
  if (familyAccount && family) {
    await applyToPanelCall(
      {
        callId: current.id,
        input: { name: familyAccount.displayName, email: familyAccount.email, connection: "family", diseaseArea: "cancer", prefecture: "13", ageBand: "40_59", motivation: "母の治療を通じて知ったことを、次の方の役に立てたいと思います。" },
        userId: family.id,
        roles: [family.role, ...family.additionalRoles],
        language: "ja",
        request: from(20, new Date(Date.now() - 2 * day)),
      },
      db,
    );
  }
}
