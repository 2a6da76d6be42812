import { getDatabase, type Database } from "../../db.server";
import { BriefingFieldsSchema } from "../../domain/briefings/index";
import { createBriefing, registerForBriefing } from "../../domain/briefings/index.server";
import type { DemoAccount } from "./demo-file";

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };

/** A `datetime-local` value in Japan time, whole days and hours from now. */
function japanLocal(days: number, hour: number): string {
  const day = new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, "0")}:00`;
}

/**
 * The demo's public session (issue 59 item 5; ADR 148), through the verbs as staff and visitors would: a 説明会 two
 * weeks ahead with the demo's participant and family member registered. Idempotent: nothing if a session exists.
 */
export async function seedDemoBriefings(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  if ((await db.briefing.count()) > 0) return;
  const staffAccount = accounts.find((account) => account.role === "elsi_staff");
  const staff = staffAccount ? await db.user.findUnique({ where: { email: staffAccount.email }, select: { id: true } }) : null;
  if (!staff) return;
  const input = BriefingFieldsSchema.parse({
    kind: "briefing",
    format: "in_person",
    startsAt: japanLocal(14, 14),
    endsAt: japanLocal(14, 16),
    capacity: "40",
    place: "（デモ）東京会場 3階 大会議室",
    titleJa: "全ゲノム解析等実行計画の説明会",
    titleJaEasy: "ゲノムの 研究の 説明会",
    titleEn: "A briefing on the whole-genome programme",
    descriptionJa: "事業の目的、同意の選び方、データの使われ方をご説明し、ご質問にお答えします。どなたでも参加できます。",
    descriptionJaEasy: "研究の こと、 同意の 選び方、 データの 使われ方を 説明します。 質問も できます。 だれでも 来られます。",
    descriptionEn: "What the programme does, how to make your consent choices and how data is used, with time for your questions. Anyone may come.",
  });
  const { id } = await createBriefing({ input, actorUserId: staff.id, request }, db);
  for (const account of accounts.filter((candidate) => candidate.role === "participant" || candidate.role === "family").slice(0, 3)) {
    const user = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    await registerForBriefing({ briefingId: id, input: { name: account.displayName, email: account.email }, userId: user?.id ?? null, language: "ja", request }, db);
  }
}
