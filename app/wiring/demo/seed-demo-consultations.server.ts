import { getDatabase, type Database } from "../../db.server";
import { createConsultation } from "../../domain/consultations/index.server";
import { publishConsultation } from "../../domain/consultations/index.server";
import { submitConsultationResponse } from "../../domain/consultations/index.server";
import { answerTextFingerprint } from "../../domain/consultations/index.server";
import { createConsultationTheme } from "../../domain/consultations/index.server";
import { setAnswerThemes } from "../../domain/consultations/index.server";
import { moderateAnswerText } from "../../domain/consultations/index.server";
import { changeDecisionState } from "../../domain/consultations/index.server";
import { publishConsultationReport } from "../../domain/consultations/index.server";
import { saveConsultationDecision } from "../../domain/consultations/index.server";
import { saveConsultationReportDraft } from "../../domain/consultations/index.server";
import { startConsultationReport } from "../../domain/consultations/index.server";
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
 * asked participants and families, the demo participants answered it while it was open, and its "you said, we did"
 * report is published with its themes, quotations and decisions (seedDemoReport), one answer still awaiting a
 * moderator. Idempotent by title.
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
  await seedDemoReport(closedId, author.id, now, db);
}

/**
 * The closed consultation's report, written as ELSI staff would through the verbs (ADR 063): every free-text answer
 * but one approved, two themes given, a summary and each theme's text, two answers quoted, three decisions — one done, one
 * adopted, one still considered — and version 1 published a week after the close.
 */
async function seedDemoReport(consultationId: string, actorUserId: string, now: Date, db: Database): Promise<void> {
  const request = { ipAddress: "127.0.0.1", userAgent: "tsunagi-seed" };
  const at = (daysAgo: number) => ({ ...request, now: new Date(now.getTime() - daysAgo * day) });
  const answers = await db.consultationAnswerText.findMany({ where: { response: { consultationId } }, select: { responseId: true, questionId: true, text: true } });
  // All but the last, which waits in the moderation queue for a newcomer to see it.
  for (const answer of answers.slice(0, -1)) {
    await moderateAnswerText({ consultationId, responseId: answer.responseId, questionId: answer.questionId, from: "pending", fingerprint: answerTextFingerprint(answer.text), decision: { decision: "approved" }, actorUserId, request: at(9) }, db);
  }
  const often = await createConsultationTheme({ consultationId, label: text("お知らせの頻度", "お知らせの 回数", "How often"), actorUserId, request: at(9) }, db);
  const channel = await createConsultationTheme({ consultationId, label: text("届け方", "届け方", "How it reaches you"), actorUserId, request: at(9) }, db);
  const quoted: { responseId: string; questionId: string }[] = [];
  for (const answer of answers.slice(0, -1)) {
    const theme = /手紙|メール|letter|mail/i.test(answer.text) ? channel.id : often.id;
    await setAnswerThemes({ consultationId, responseId: answer.responseId, questionId: answer.questionId, themeIds: [theme], actorUserId, request: at(9) }, db);
    if (quoted.length < 2 && !quoted.some((ref) => answers.find((other) => other.responseId === ref.responseId)?.text === answer.text)) quoted.push(answer);
  }
  await startConsultationReport({ consultationId, actorUserId, request: at(8) }, db);
  let token = (await db.consultationReportVersion.findFirstOrThrow({ where: { consultationId }, select: { updatedAt: true } })).updatedAt;
  const save = async (change: Parameters<typeof saveConsultationReportDraft>[0]["change"]) => {
    token = (await saveConsultationReportDraft({ consultationId, expectedUpdatedAt: token, change, actorUserId, request: at(8) }, db)).updatedAt;
  };
  await save({
    kind: "summary",
    summary: text(
      "参加者とご家族から、お知らせの頻度と届け方についてご意見をいただきました。**毎月**または**大事なときだけ**を選んだ方が多く、手紙での受け取りを望む声もありました。（デモ用の報告です）",
      "参加者と 家族から、お知らせの 回数と 届け方に ついて 考えを 聞きました。**毎月** か **大事な ときだけ** を 選んだ 人が 多く、手紙が いいと いう 声も ありました。（これは デモです）",
      "Participants and families told us how often and how they want updates. Most chose **monthly** or **only when something important happens**, and some asked for letters. (This is a demo report.)",
    ),
    changeNote: text("", "", ""),
  });
  await save({ kind: "theme", themeId: often.id, said: text("多くの方が、頻繁すぎるお知らせは負担だと感じていました。", "多くの 人が、お知らせが 多すぎると たいへんだと 感じて いました。", "Many of you find frequent updates a burden.") });
  await save({ kind: "theme", themeId: channel.id, said: text("メールより手紙を望む方もいました。", "メールより 手紙が いいと いう 人も いました。", "Some of you prefer letters to e-mail.") });
  for (const answer of quoted) await save({ kind: "quotation", answer, quote: true });
  const decide = (themeId: string | null, what: ReturnType<typeof text>, why: ReturnType<typeof text>, links: { url: string; label: ReturnType<typeof text> }[] = []) =>
    saveConsultationDecision({ consultationId, decision: { themeId, text: what, reason: why, links }, actorUserId, request: at(8) }, db);
  const digest = await decide(
    often.id,
    text("お知らせのまとめは週1回までとし、受け取らない設定も選べるようにします。", "お知らせの まとめは 1週間に 1回 までに して、受け取らない ことも 選べます。", "The digest of updates comes at most weekly, and you can switch it off."),
    text("頻度が負担だという声が多かったためです。", "回数が 多いと たいへん という 声が 多かったからです。", "Many said frequency was a burden."),
    [{ url: "/updates", label: text("お知らせ", "お知らせ", "Updates") }],
  );
  const letters = await decide(
    channel.id,
    text("希望する方には、大事なお知らせを手紙でもお送りします。", "ほしい 人には、大事な お知らせを 手紙でも 送ります。", "Important notices will also go by letter to those who ask."),
    text("メールを使わない方にも確実に届けるためです。", "メールを 使わない 人にも 届けるためです。", "So they reach people who do not use e-mail."),
  );
  await decide(
    null,
    text("お知らせの文章をやさしい日本語でも用意するか検討します。", "お知らせを やさしい 日本語でも 書くか 考えます。", "We are considering writing every update in easy Japanese too."),
    text("分かりやすさを求める声があったためです。", "わかりやすく して ほしい という 声が あったからです。", "Some asked for plainer words."),
  );
  await changeDecisionState({ consultationId, decisionId: digest.id, expectedVersion: digest.version, state: "done", note: text("週1回のまとめを始めました。", "1週間に 1回の まとめを 始めました。", "The weekly digest has started."), actorUserId, request: at(7) }, db);
  await changeDecisionState({ consultationId, decisionId: letters.id, expectedVersion: letters.version, state: "adopted", note: text("", "", ""), actorUserId, request: at(7) }, db);
  await publishConsultationReport({ consultationId, expectedUpdatedAt: token, actorUserId, request: at(3) }, db);
}
