import { getDatabase, type Database } from "../../db.server";
import { createProgrammeUpdate } from "../../domain/updates/index.server";
import type { ProgrammeUpdateDraftInput } from "../../domain/updates/index";
import { publishProgrammeUpdate } from "../../domain/updates/index.server";
import type { DemoAccount } from "./demo-file";


const updates: ProgrammeUpdateDraftInput[] = [
  {
    audiences: ["public", "participants", "families"],
    titleJa: "デモ: 全ゲノム解析の進み具合（2026年秋）",
    titleJaEasy: "デモ: ゲノムを しらべる ことの すすみ ぐあい",
    titleEn: "Demo: how the whole-genome analysis is going (autumn 2026)",
    bodyJa: "この秋、**新たに1,200人**の方の解析が終わりました。\n\n- がん領域: 800人\n- 難病領域: 400人\n\n詳しくは[厚生労働省のページ](https://www.mhlw.go.jp/)をご覧ください。（デモ用のお知らせです）",
    bodyJaEasy: "この 秋、あたらしく **1200人**の ゲノムを しらべ おわりました。\n\n- がん: 800人\n- めずらしい 病気: 400人\n\n（これは デモです）",
    bodyEn: "This autumn the analysis of **1,200 more people** was completed.\n\n- Cancer: 800\n- Rare disease: 400\n\nSee the [Ministry's page](https://www.mhlw.go.jp/) for more. (This is a demo update.)",
  },
  {
    audiences: ["participants", "families"],
    programmeArea: "rare_disease",
    titleJa: "デモ: 難病領域の説明会のご案内",
    titleJaEasy: "デモ: めずらしい 病気の せつめい会",
    titleEn: "Demo: information session for the rare disease area",
    bodyJa: "難病領域に参加されている方とご家族向けに、オンライン説明会を開きます。参加は自由です。（デモ用のお知らせです）",
    bodyJaEasy: "めずらしい 病気で 参加して いる 人と 家族の ための せつめい会を します。インターネットで 見られます。（これは デモです）",
    bodyEn: "We are holding an online information session for participants in the rare disease area and their families. Attending is optional. (This is a demo update.)",
  },
  {
    audiences: ["public"],
    titleJa: "デモ: データ利活用審査委員会に参加者パネルの席ができました",
    titleJaEasy: "デモ: 参加して いる 人も データの 使い方を 話し合います",
    titleEn: "Demo: the participant panel now has seats on the data access committee",
    bodyJa: "データを使いたいという申請を審査する委員会に、参加者パネルの方が加わりました。（デモ用のお知らせです）",
    bodyJaEasy: "データを 使いたい という おねがいを しらべる 会に、参加して いる 人も 入りました。（これは デモです）",
    bodyEn: "Members of the participant panel have joined the committee that reviews applications to use the data. (This is a demo update.)",
  },
];

/**
 * A few published updates in all three languages (one for the rare disease area only), written and published by the
 * demo ELSI staff account through the verbs, so each has its audit rows. Idempotent by title.
 */
export async function seedDemoUpdates(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const elsi = accounts.find((account) => account.role === "elsi_staff");
  const author = elsi ? await db.user.findUnique({ where: { email: elsi.email }, select: { id: true } }) : null;
  if (!author) return;
  const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };
  for (const update of updates) {
    if (await db.programmeUpdateVersion.findFirst({ where: { titleJa: update.titleJa! }, select: { id: true } })) continue;
    const { id } = await createProgrammeUpdate({ update, actorUserId: author.id, request }, db);
    await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: author.id, request }, db);
  }
}

