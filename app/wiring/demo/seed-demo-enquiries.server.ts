import { getDatabase, type Database } from "../../db.server";
import { agreeToFaq, answerEnquiry, askEnquiry, newSubmissionKey, publishFaqEntry } from "../../domain/enquiries/index.server";
import type { DemoAccount } from "./demo-file";

/** A question from the public waiting at the consultation desk, and one answered, shared and published as a FAQ entry. */
export const demoEnquiries = {
  waiting: "子どもが検査を受けるとき、親も同意する必要がありますか。",
  answered: { question: "参加すると費用はかかりますか。", answer: "参加に費用はかかりません。検査や解析の費用は研究計画が負担します。" },
} as const;

const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };

/**
 * The consultation desk's demo (issue 59 item 1; ADR 145), through the domain's verbs as a visitor and a counsellor
 * would: one question waiting for an answer (the counsellor's queue), and one answered that its asker agreed to share,
 * published on /faq. Idempotent: a question already asked is not asked again.
 */
export async function seedDemoEnquiries(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const counsellor = accounts.find((account) => account.role === "counsellor");
  if (!counsellor) return;
  const staff = await db.user.findUnique({ where: { email: counsellor.email }, select: { id: true } });
  if (!staff) return;
  if ((await db.enquiry.count({ where: { body: { in: [demoEnquiries.waiting, demoEnquiries.answered.question] } } })) > 0) return;
  await askEnquiry({ input: { body: demoEnquiries.waiting, asker: "family" }, submissionKey: newSubmissionKey(), language: "ja", request }, db);
  const asked = await askEnquiry({ input: { body: demoEnquiries.answered.question, asker: "public" }, submissionKey: newSubmissionKey(), language: "ja", request }, db);
  if (!asked.ok) return;
  await answerEnquiry({ enquiryId: asked.id, input: { intent: "answer", answer: demoEnquiries.answered.answer }, actorUserId: staff.id, request }, db);
  await agreeToFaq({ id: asked.id, secret: asked.secret, request }, db);
  await publishFaqEntry({ enquiryId: asked.id, input: { intent: "publish", ...demoEnquiries.answered }, actorUserId: staff.id, request }, db);
}
