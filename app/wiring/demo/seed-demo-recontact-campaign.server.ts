import { getDatabase, type Database } from "../../db.server";
import { createRecontactCampaign } from "../../domain/recontact/index.server";
import type { DemoAccount } from "./demo-file";
import { seedDemoFacilities } from "./seed-demo-facilities.server";

/** The demo campaign is found again by this title, so a second `npm start` adds no second one. */
export const demoCampaignTitle = "デモ: 新しい研究へのご協力のお願い (Demo: invitation to a new study)";

const messages = {
  messageJa:
    "全ゲノム解析の成果を活かした新しい研究（がんの早期発見法の開発）が始まります。参加するかどうかは自由で、参加しなくても今後の診療に影響はありません。詳しい説明を希望される方は、同意ページからお知らせください。（デモ用のお知らせです）",
  messageJaEasy:
    "あたらしい けんきゅうが はじまります。がんを はやく みつける ほうほうを しらべます。さんかするか どうかは あなたが きめます。さんかしなくても、びょういんでの みてもらいかたは かわりません。くわしく ききたいときは、どういの ページから おしらせください。（これは デモです）",
  messageEn:
    "A new study building on the programme's whole-genome results (developing ways to find cancer earlier) is starting. Taking part is your choice, and saying no changes nothing about your care. If you would like to hear more, tell us from your consent page. (This is a demo message.)",
};

/**
 * One draft recontact campaign (kind new_study) for the demo's two facilities, written by the demo ELSI staff account
 * through `createRecontactCampaign`, so it has its audit row like any other. Left as a draft: claiming its audience is
 * what ELSI staff try in the demo. Idempotent by its title.
 */
export async function seedDemoRecontactCampaign(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const elsi = accounts.find((account) => account.role === "elsi_staff");
  const author = elsi ? await db.user.findUnique({ where: { email: elsi.email }, select: { id: true } }) : null;
  if (!author) return;
  if (await db.recontactCampaign.findFirst({ where: { title: demoCampaignTitle }, select: { id: true } })) return;
  const facilityIds = [...(await seedDemoFacilities(db)).values()];
  await createRecontactCampaign(
    { campaign: { kind: "new_study", title: demoCampaignTitle, ...messages, facilityIds }, actorUserId: author.id, request: { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" } },
    db,
  );
}
