import { getDatabase, type Database } from "../../db.server";
import { publishPanelMeetingMinutes } from "../../domain/panel-meetings/index.server";
import { schedulePanelMeeting } from "../../domain/panel-meetings/index.server";
import type { DemoAccount } from "./demo-file";

const day = 24 * 3600_000;

/**
 * Two panel meetings (issue 28 item 7; ADR 065), made through the verbs by the demo ELSI staff account, so a newcomer
 * sees both states after `npm start`: one held three weeks ago with its minutes published, and the next one in three
 * weeks with its agenda. Idempotent by title.
 */
export async function seedDemoPanelMeetings(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const elsi = accounts.find((account) => account.role === "elsi_staff");
  const author = elsi ? await db.user.findUnique({ where: { email: elsi.email }, select: { id: true } }) : null;
  if (!author) return;
  const now = Date.now();
  const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };
  const seeded = async (titleJa: string, fields: Omit<Parameters<typeof schedulePanelMeeting>[0]["fields"], "titleJa">) => {
    if (await db.panelMeeting.findFirst({ where: { titleJa }, select: { id: true } })) return undefined;
    return (await schedulePanelMeeting({ fields: { titleJa, ...fields }, actorUserId: author.id, request: { ...request, now: new Date(fields.scheduledAt.getTime() - 14 * day) } }, db)).meetingId;
  };
  const held = await seeded("第2回 参加者パネル会議", {
    scheduledAt: new Date(now - 21 * day),
    place: "オンライン",
    placeEn: "Online",
    titleJaEasy: "2回目の 参加者パネルの 会議",
    titleEn: "Second participant panel meeting",
    agendaJa: "同意説明文書 2.0 の検討(説明文書検討会)\nゲノムデータの企業利用についての意見募集の案\n学習教材の感想",
    agendaJaEasy: "同意の せつめいの 文書 2.0 を 見る\n会社が ゲノムデータを つかう ことの 意見を 聞く 案\n学ぶ ための 教材の 感想",
    agendaEn: "Review of the consent document 2.0 (the explanatory-document review)\nThe draft consultation on company use of genome data\nFeedback on the learning path",
  });
  if (held) {
    await publishPanelMeetingMinutes(
      {
        meetingId: held,
        minutes: {
          textJa: "同意説明文書 2.0 について、再同意をお願いする理由をはじめに書くよう意見がありました。事業は次の版で対応します。\n\n企業利用の意見募集は、質問を短くして公開することになりました。",
          textJaEasy: "同意の せつめいの 文書 2.0 に ついて、もう 一度 同意を おねがいする 理由を さいしょに 書いて ほしい という 意見が ありました。つぎの 版で なおします。\n\n会社の 利用に ついての 意見の 聞き方は、質問を 短く して 公開する ことに なりました。",
          textEn: "On the consent document 2.0, members asked that the reason for asking people to consent again come first. The programme will do so in the next version.\n\nThe consultation on company use will be published with shorter questions.",
          attendees: 9,
        },
        actorUserId: author.id,
        request: { ...request, now: new Date(now - 20 * day) },
      },
      db,
    );
  }
  await seeded("第3回 参加者パネル会議", {
    scheduledAt: new Date(now + 21 * day),
    place: "東京(会場)とオンライン",
    placeEn: "Tokyo (in person) and online",
    titleJaEasy: "3回目の 参加者パネルの 会議",
    titleEn: "Third participant panel meeting",
    agendaJa: "意見募集の結果と「いただいた意見と対応」\n次の説明文書検討会の進め方",
    agendaJaEasy: "意見の けっかと「もらった 意見と したこと」\nつぎの せつめいの 文書の 見直しの すすめ方",
    agendaEn: "The consultation's results and \"you said, we did\"\nHow the next document review will run",
  });
}
