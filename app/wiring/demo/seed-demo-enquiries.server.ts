import { getDatabase, type Database } from "../../db.server";
import { agreeToFaq, answerEnquiry, askEnquiry, newSubmissionKey, publishFaqEntry, saveHelpPlace } from "../../domain/enquiries/index.server";
import type { DemoAccount } from "./demo-file";

/** A question from the public waiting at the consultation desk, and one answered, shared and published as a FAQ entry. */
export const demoEnquiries = {
  waiting: "子どもが検査を受けるとき、親も同意する必要がありますか。",
  answered: { question: "参加すると費用はかかりますか。", answer: "参加に費用はかかりません。検査や解析の費用は研究計画が負担します。" },
} as const;

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };

/**
 * The directory's demo places: marked as the demo's, with numbers no telephone answers (0000), so nobody mistakes
 * them for the real centres a deployment lists.
 */
export const demoHelpPlaces = [
  { kind: "cancer_support", prefecture: "13", nameJa: "（デモ）東京がん相談支援センター", nameEn: "(Demo) Tokyo cancer consultation and support centre", phone: "03-0000-0000", noteJa: "平日 9時〜17時。どなたでも無料で相談できます。" },
  { kind: "genetic_counselling", prefecture: "13", nameJa: "（デモ）東京遺伝カウンセリング外来", nameEn: "(Demo) Tokyo genetic counselling clinic", noteJa: "予約制です。主治医の紹介があるとスムーズです。" },
  { kind: "rare_disease_support", prefecture: "27", nameJa: "（デモ）大阪難病相談支援センター", nameEn: "(Demo) Osaka intractable disease support centre", phone: "06-0000-0000" },
  { kind: "cancer_support", prefecture: "01", nameJa: "（デモ）北海道がん相談支援センター", nameEn: "(Demo) Hokkaido cancer consultation and support centre" },
] as const;

/**
 * The consultation desk's demo (issue 59 item 1; ADR 145), through the domain's verbs as a visitor and a counsellor
 * would: one question waiting for an answer (the counsellor's queue), one answered that its asker agreed to share,
 * published on /faq, and the directory's places. Idempotent: a question already asked is not asked again, and places
 * are added only to an empty directory.
 */
export async function seedDemoEnquiries(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const counsellor = accounts.find((account) => account.role === "counsellor");
  if (!counsellor) return;
  const staff = await db.user.findUnique({ where: { email: counsellor.email }, select: { id: true } });
  if (!staff) return;
  if ((await db.helpPlace.count()) === 0) for (const place of demoHelpPlaces) await saveHelpPlace({ input: place, actorUserId: staff.id, request }, db);
  if ((await db.enquiry.count({ where: { body: { in: [demoEnquiries.waiting, demoEnquiries.answered.question] } } })) > 0) return;
  await askEnquiry({ input: { body: demoEnquiries.waiting, asker: "family" }, submissionKey: newSubmissionKey(), language: "ja", request }, db);
  const asked = await askEnquiry({ input: { body: demoEnquiries.answered.question, asker: "public" }, submissionKey: newSubmissionKey(), language: "ja", request }, db);
  if (!asked.ok) return;
  await answerEnquiry({ enquiryId: asked.id, input: { intent: "answer", answer: demoEnquiries.answered.answer }, actorUserId: staff.id, request }, db);
  await agreeToFaq({ id: asked.id, secret: asked.secret, request }, db);
  await publishFaqEntry({ enquiryId: asked.id, input: { intent: "publish", ...demoEnquiries.answered }, actorUserId: staff.id, request }, db);
}
