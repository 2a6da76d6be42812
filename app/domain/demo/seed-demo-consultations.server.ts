import { getDatabase, type Database } from "../../db.server";
import { createConsultation } from "../consultations/create-consultation.server";
import { publishConsultation } from "../consultations/publish-consultation.server";
import { submitConsultationResponse } from "../consultations/submit-consultation-response.server";
import type { DemoAccount } from "./demo-file";

const text = (ja: string, jaEasy: string, en: string) => ({ ja, "ja-easy": jaEasy, en });
const day = 24 * 3600_000;

const choices = (...options: [string, string, string, string][]) => options.map(([id, ja, jaEasy, en]) => ({ id, label: text(ja, jaEasy, en) }));

function openConsultation(now: Date) {
  return {
    title: text("デモ: 企業によるデータ利用の条件について", "デモ: 会社が データを 使う ときの 約束", "Demo: the terms for companies using the data"),
    summary: text(
      "製薬企業などが全ゲノムデータを使う場合の条件を見直しています。**あなたのご意見**をお聞かせください。回答は締め切りまで変更・取り下げができます。（デモ用の意見募集です）",
      "薬を 作る 会社などが ゲノムの データを 使う ときの 約束を 見直して います。**あなたの 考え**を 教えて ください。しめきりまで、答えを 変えたり 取り消したり できます。（これは デモです）",
      "We are reviewing the terms under which companies, such as drug makers, may use the whole-genome data. **Tell us what you think.** You can change or withdraw your answers until the close. (This is a demo consultation.)",
    ),
    audiences: ["public", "participants", "families", "panel"],
    // The demo's proxy answers for the child they represent.
    allowsProxy: true,
    opensAt: new Date(now.getTime() - 2 * day),
    closesAt: new Date(now.getTime() + 28 * day),
    questions: [
      {
        kind: "single_choice",
        required: true,
        prompt: text("企業がデータを使うことに賛成ですか。", "会社が データを 使う ことに 賛成ですか。", "Do you agree with companies using the data?"),
        options: choices(["yes", "賛成", "賛成", "Yes"], ["conditions", "条件つきで賛成", "約束が あれば 賛成", "Yes, with conditions"], ["no", "反対", "反対", "No"], ["unsure", "わからない", "わからない", "Not sure"]),
      },
      {
        kind: "multiple_choice",
        prompt: text("大切だと思う条件を選んでください（いくつでも）。", "大事だと 思う 約束を 選んで ください。いくつ 選んでも いいです。", "Which terms matter to you? (Choose any.)"),
        options: choices(
          ["no-reidentification", "個人を特定しないこと", "だれの データか わからない ように する", "No attempt to identify anyone"],
          ["benefit-sharing", "成果を社会に還元すること", "わかった ことを みんなに 返す", "Sharing the benefits with society"],
          ["audit", "第三者の監査", "ほかの 人が チェック する", "Independent audits"],
          ["publication", "使った結果の公表", "使った 結果を 知らせる", "Publishing what the data was used for"],
        ),
      },
      {
        kind: "scale",
        prompt: text("いまの説明文書は分かりやすいですか。", "いまの 説明の 紙は わかりやすい ですか。", "How clear is the current explanatory document?"),
        options: choices(["low", "分かりにくい", "わかりにくい", "Not clear"], ["high", "分かりやすい", "わかりやすい", "Very clear"]),
      },
      { kind: "free_text", prompt: text("ほかにご意見があればお書きください。", "ほかに 考えが あれば 書いて ください。", "Anything else you would like to tell us?"), maxLength: 1000 },
    ],
  };
}

function closedConsultation(now: Date) {
  return {
    title: text("デモ: お知らせの届け方について", "デモ: お知らせの 届け方", "Demo: how we send you updates"),
    summary: text(
      "プログラムからのお知らせを、どのように受け取りたいかをお聞きしました。（デモ用の意見募集です。締め切り済み）",
      "プログラムからの お知らせを どう 受け取りたいか 聞きました。（これは デモです。もう 終わりました）",
      "We asked how you would like to receive updates from the programme. (This is a demo consultation; it has closed.)",
    ),
    audiences: ["participants", "families"],
    allowsProxy: true,
    opensAt: new Date(now.getTime() - 40 * day),
    closesAt: new Date(now.getTime() - 10 * day),
    questions: [
      {
        kind: "single_choice",
        required: true,
        prompt: text("お知らせはどの頻度がよいですか。", "お知らせは どのくらいが いいですか。", "How often would you like updates?"),
        options: choices(["weekly", "毎週", "毎週", "Weekly"], ["monthly", "毎月", "毎月", "Monthly"], ["important", "大事なときだけ", "大事な ときだけ", "Only when something important happens"]),
      },
      { kind: "free_text", prompt: text("ご意見", "あなたの 考え", "Your views"), maxLength: 500 },
    ],
  };
}

/**
 * Two consultations in every language (issue 28), made and published through the verbs by the demo ELSI staff
 * account, so a newcomer sees one open and one closed after `npm start`: the open one asks everyone; the closed one
 * asked participants and families, and the demo participants answered it while it was open. Idempotent by title.
 */
export async function seedDemoConsultations(accounts: DemoAccount[], db: Database = getDatabase()): Promise<void> {
  const elsi = accounts.find((account) => account.role === "elsi_staff");
  const author = elsi ? await db.user.findUnique({ where: { email: elsi.email }, select: { id: true } }) : null;
  if (!author) return;
  const now = new Date();
  const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };
  const seeded = async (draft: ReturnType<typeof openConsultation>, publishedAt: Date) => {
    if (await db.consultation.findFirst({ where: { title: { path: ["ja"], equals: draft.title.ja } }, select: { id: true } })) return undefined;
    const created = await createConsultation({ draft, actorUserId: author.id, request }, db);
    await publishConsultation({ consultationId: created.id, expectedVersion: created.version, actorUserId: author.id, request: { ...request, now: publishedAt } }, db);
    return created.id;
  };
  await seeded(openConsultation(now), now);

  const closed = closedConsultation(now);
  const closedId = await seeded(closed, new Date(closed.opensAt.getTime() - day));
  if (!closedId) return;
  const questions = await db.consultationQuestion.findMany({ where: { consultationId: closedId }, orderBy: { position: "asc" }, select: { id: true } });
  const [often, views] = questions.map((question) => question.id);
  const answeredAt = { ...request, now: new Date(closed.opensAt.getTime() + 5 * day) };
  // Every demo participant, proxy and family member (their accounts are the demo's, by their address).
  const responders = await db.user.findMany({
    where: { role: { in: ["participant", "proxy", "family"] }, email: { endsWith: "@demo.tsunagi.test" } },
    orderBy: { email: "asc" },
    select: { id: true, role: true },
  });
  const said = ["monthly", "important", "monthly", "weekly", "important", "monthly"];
  const words = ["大事なことだけで十分です。", "メールより手紙がうれしいです。", "", "Monthly is fine, but please keep them short."];
  for (const [index, responder] of responders.entries()) {
    await submitConsultationResponse(
      { consultationId: closedId, responder: { kind: "account", userId: responder.id, roles: [responder.role] }, answers: { [often!]: said[index % said.length], [views!]: words[index % words.length] }, request: answeredAt },
      db,
    );
  }
}
