// 相談窓口 (issue 59 item 1; ADR 145) on PostgreSQL through the routes: a question without an account reaches staff, is
// answered, and reaches the asker (their private page, and a notice to their address that carries no secret); two
// presses of one form make one question; a wrong link reads as nothing; two staff answering at once make one answer; a
// FAQ entry is published only after the asker agreed and only without personal details; what is not a question is
// refused in words with nothing written; an address that sends too many is held back.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { enquiriesPerAddress } from "../../app/domain/enquiries/ask-enquiry.server";
import { action as askAction, loader as askLoader } from "../../app/routes/public/ask._index";
import { action as ownAction, loader as ownLoader } from "../../app/routes/public/ask.$enquiryId";
import { loader as faqLoader } from "../../app/routes/public/faq";
import { loader as whereLoader } from "../../app/routes/public/ask.where";
import { action as placesAction } from "../../app/routes/staff/staff.enquiries.places";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.enquiries.$enquiryId";
import { loader as queueLoader } from "../../app/routes/staff/staff.enquiries._index";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { runJobsUntilSettled } from "../support/jobs";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

let addresses = 0;
/** Each test asks from an address of its own, so one test's questions do not use up another's allowance. */
function fromAddress(): AppLoadContext {
  addresses += 1;
  return { ...loadContext, clientAddress: `192.0.2.${addresses}` } as AppLoadContext;
}

async function formKey(): Promise<string> {
  const answer = await settle(() => askLoader({ request: pageGet("/ask", ""), context: loadContext, params: {} }), { phase: "loader" });
  return ((await answer.json()) as { submissionKey: string }).submissionKey;
}

async function ask(fields: Record<string, string>, options: { context?: AppLoadContext; language?: string } = {}) {
  const cookie = await cookieFor(null, options.language ?? "en");
  const answer = await settle(() => askAction({ request: formPost("/ask", fields, cookie), context: options.context ?? fromAddress(), params: {} }));
  return { status: answer.status, location: answer.headers.get("Location"), errors: answer.status >= 400 ? replyErrors(await answer.json()) : [] };
}

function linkOf(location: string): { id: string; secret: string } {
  const url = new URL(location, "http://localhost");
  return { id: url.pathname.split("/").at(-1)!, secret: url.searchParams.get("t")! };
}

async function ownPage(link: { id: string; secret: string }) {
  const answer = await settle(() => ownLoader({ request: pageGet(`/ask/${link.id}?t=${link.secret}`, ""), context: loadContext, params: { enquiryId: link.id } }), { phase: "loader" });
  return { status: answer.status, headers: answer.headers, body: answer.status === 200 ? ((await answer.json()) as { enquiry: { state: string; answer: string | null; faqAgreed: boolean; reference: string } }).enquiry : null };
}

const question = "説明文書にある「二次的所見」とは何ですか。家族にも関係しますか。";

describe("相談窓口: questions from anyone", () => {
  it("a question without an account reaches staff, is answered once, and reaches the asker without the link leaving their hands", async () => {
    const email = `asker-${Date.now()}@test.tsunagi.test`;
    const key = await formKey();
    const context = fromAddress();
    const first = await ask({ body: question, asker: "family", email, submissionKey: key }, { context });
    expect(first.location).toMatch(/^\/ask\/[0-9a-f-]{36}\?t=[0-9a-f]{64}&received=1$/);
    // A second press of the same form is the same question.
    expect((await ask({ body: question, asker: "family", email, submissionKey: key }, { context })).location).toBe(first.location);
    expect(await getDatabase().enquiry.count({ where: { body: question } })).toBe(1);
    const link = linkOf(first.location!);
    const stored = await getDatabase().enquiry.findUniqueOrThrow({ where: { id: link.id } });
    expect(Buffer.from(stored.tokenHash).toString("hex")).not.toContain(link.secret);
    expect(stored.dueAt.getTime() - stored.receivedAt.getTime()).toBe(14 * 86_400_000);
    // The receipt went at once with the link; nothing holding the link is left in the queue.
    const [receipt] = await listCapturedMail({ to: email, limit: 1 });
    expect(receipt?.text).toContain(`/ask/${link.id}?t=${link.secret}`);
    expect(JSON.stringify(await getDatabase().mailMessage.findMany({ where: { toAddress: email } }))).not.toContain(link.secret);

    const page = await ownPage(link);
    expect(page.body).toMatchObject({ state: "received", answer: null, reference: stored.reference });
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    // A wrong secret, or this secret with another id, is no question at all.
    expect((await ownPage({ id: link.id, secret: "0".repeat(64) })).status).toBe(404);
    expect((await ownPage({ id: "00000000-0000-4000-8000-000000000000", secret: link.secret })).status).toBe(404);

    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const counsellor = await createUser({ role: "counsellor", withTotp: true });
    const staffCookie = await cookieFor(coordinator, "en");
    const listed = (await (await settle(() => queueLoader({ request: pageGet("/staff/enquiries", staffCookie), context: loadContext, params: {} }), { phase: "loader" })).json()) as { open: { id: string }[] };
    expect(listed.open.map((row) => row.id)).toContain(link.id);

    // Two staff answer at once: one answer is written, the other is refused.
    const [coordinatorCookie, counsellorCookie] = [staffCookie, await cookieFor(counsellor, "en")];
    const answerAs = async (cookie: string, words: string) =>
      (await settle(() => staffAction({ request: formPost(`/staff/enquiries/${link.id}`, { intent: "answer", answer: words }, cookie), context: loadContext, params: { enquiryId: link.id } }))).status;
    const statuses = await Promise.all([answerAs(coordinatorCookie, "二次的所見とは…（コーディネーター）"), answerAs(counsellorCookie, "二次的所見とは…（カウンセラー）")]);
    expect(statuses.sort()).toEqual([302, 409]);
    const answered = await ownPage(link);
    expect(answered.body?.state).toBe("answered");
    expect(answered.body?.answer).toMatch(/^二次的所見とは…/);
    await runJobsUntilSettled();
    const notices = (await listCapturedMail({ to: email, limit: 5 })).filter((mail) => mail.subject.includes("answered"));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(stored.reference);
    expect(notices[0]!.text).not.toContain(link.secret);
    expect(notices[0]!.text).not.toContain("二次的所見とは");
  });

  it("a FAQ entry is published only after the asker agreed, and never with personal details", async () => {
    const asked = await ask({ body: "費用はかかりますか。", asker: "public", submissionKey: await formKey() }, { language: "ja" });
    const link = linkOf(asked.location!);
    const staff = await cookieFor(await createUser({ role: "counsellor", withTotp: true }), "ja");
    const step = async (fields: Record<string, string>) => {
      const answer = await settle(() => staffAction({ request: formPost(`/staff/enquiries/${link.id}`, fields, staff), context: loadContext, params: { enquiryId: link.id } }));
      return { status: answer.status, errors: answer.status >= 400 && answer.headers.get("Content-Type")?.includes("json") ? replyErrors(await answer.json()) : [] };
    };
    // Before an answer the asker cannot agree; before the agreement staff cannot publish.
    const agree = () => settle(() => ownAction({ request: formPost(`/ask/${link.id}`, { intent: "agree_faq", t: link.secret }, ""), context: loadContext, params: { enquiryId: link.id } }));
    expect((await agree()).status).toBe(400);
    expect((await step({ intent: "answer", answer: "参加に費用はかかりません。" })).status).toBe(302);
    expect((await step({ intent: "publish", question: "費用はかかりますか。", answer: "かかりません。" })).status).toBe(409);
    expect((await agree()).status).toBe(302);
    expect((await agree()).status).toBe(302);
    expect((await ownPage(link)).body?.faqAgreed).toBe(true);
    // What reads as personal data is refused, in words, and nothing is published.
    const withPhone = await step({ intent: "publish", question: "費用はかかりますか。", answer: "詳しくは 090-1234-5678 の山田までお電話ください。" });
    expect(withPhone.status).toBe(400);
    expect(await getDatabase().faqEntry.count({ where: { enquiryId: link.id } })).toBe(0);
    expect((await step({ intent: "publish", question: "参加に費用はかかりますか。", answer: "参加に費用はかかりません。" })).status).toBe(302);
    expect((await step({ intent: "publish", question: "参加に費用はかかりますか。", answer: "二度目" })).status).toBe(409);
    const faqIn = async (language: string) => {
      const cookie = await cookieFor(null, language);
      const answer = await settle(() => faqLoader({ request: pageGet("/faq", cookie), context: loadContext, params: {} }), { phase: "loader" });
      return ((await answer.json()) as { entries: { question: string }[] }).entries.map((entry) => entry.question);
    };
    expect(await faqIn("ja")).toContain("参加に費用はかかりますか。");
    expect(await faqIn("ja-easy")).toContain("参加に費用はかかりますか。");
    expect(await faqIn("en")).not.toContain("参加に費用はかかりますか。");
  });

  it("what is not a question is refused in words with nothing written, and an address that sends too many is held back", async () => {
    const before = await getDatabase().enquiry.count();
    const good = { body: "質問です。", asker: "participant", submissionKey: await formKey() };
    for (const fields of [{}, { ...good, body: "" }, { ...good, body: "あ".repeat(4001) }, { ...good, asker: "journalist" }, { ...good, body: "質問\u202eです" }, { ...good, email: "not-an-address" }, { ...good, submissionKey: "" }]) {
      const refused = await ask(fields);
      expect(refused.status).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
    }
    expect(await getDatabase().enquiry.count()).toBe(before);

    const context = fromAddress();
    for (let index = 0; index < enquiriesPerAddress.points; index++) expect((await ask({ ...good, body: `質問 ${index}`, submissionKey: await formKey() }, { context })).status).toBe(302);
    const held = await ask({ ...good, body: "上限を超えた質問", submissionKey: await formKey() }, { context });
    expect(held.status).toBe(429);
    expect(held.errors.join(" ")).toMatch(/try again in \d+ minutes?/);
    expect(await getDatabase().enquiry.count({ where: { body: "上限を超えた質問" } })).toBe(0);
  });

  it("an answer or FAQ entry that is none is refused in the staff member's language with nothing written", async () => {
    const asked = await ask({ body: "検査の結果はいつ届きますか。", asker: "participant", submissionKey: await formKey() });
    const link = linkOf(asked.location!);
    const staff = await cookieFor(await createUser({ role: "coordinator", withTotp: true }), "ja");
    const step = async (fields: Record<string, string>) => {
      const answer = await settle(() => staffAction({ request: formPost(`/staff/enquiries/${link.id}`, fields, staff), context: loadContext, params: { enquiryId: link.id } }));
      return { status: answer.status, errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
    };
    for (const fields of [{} as Record<string, string>, { intent: "answer", answer: "" }, { intent: "answer", answer: "あ".repeat(8001) }, { intent: "reply", answer: "回答です。" }, { intent: "answer", answer: "回答\u202eです" }, { intent: "close", answer: "\u0000" }]) {
      const refused = await step(fields);
      expect(refused.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      // In Japanese, the staff member's language: no English or key names leak through.
      expect(refused.errors.length).toBeGreaterThan(0);
      for (const error of refused.errors) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    const stored = await getDatabase().enquiry.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored).toMatchObject({ state: "received", answer: null, answeredAt: null });
    expect(await getDatabase().auditEvent.count({ where: { type: "enquiry.answered", detail: { path: ["enquiryId"], equals: link.id } } })).toBe(0);
  });

  it("staff pages are the coordinators' and counsellors' only; another role and an unknown question are refused", async () => {
    const asked = await ask({ body: "質問です。", asker: "public", submissionKey: await formKey() });
    const { id } = linkOf(asked.location!);
    const participant = await cookieFor(await createUser({ role: "participant" }), "en");
    expect((await settle(() => staffLoader({ request: pageGet(`/staff/enquiries/${id}`, participant), context: loadContext, params: { enquiryId: id } }), { phase: "loader" })).status).toBe(403);
    const coordinator = await cookieFor(await createUser({ role: "coordinator", withTotp: true }), "en");
    expect((await settle(() => staffLoader({ request: pageGet("/staff/enquiries/00000000-0000-4000-8000-000000000000", coordinator), context: loadContext, params: { enquiryId: "00000000-0000-4000-8000-000000000000" } }), { phase: "loader" })).status).toBe(404);
  });

  it("the directory of other places to ask: staff keep it, anyone searches it by prefecture and kind, without scripts", async () => {
    const staff = await cookieFor(await createUser({ role: "coordinator", withTotp: true }), "en");
    const place = { intent: "add", kind: "genetic_counselling", prefecture: "40", nameJa: "福岡遺伝カウンセリング外来", phone: "092-000-0000", url: "https://example.org/genetics" };
    const post = async (fields: Record<string, string>) => {
      const answer = await settle(() => placesAction({ request: formPost("/staff/enquiries/places", fields, staff), context: loadContext, params: {} }));
      return { status: answer.status, errors: answer.status === 400 ? replyErrors(await answer.json()) : [] };
    };
    const before = await getDatabase().helpPlace.count();
    for (const fields of [{ intent: "add" }, { ...place, prefecture: "48" }, { ...place, kind: "clinic" }, { ...place, url: "javascript:alert(1)" }, { ...place, url: "http://example.org" }, { ...place, nameJa: "福岡\u202e外来" }, { ...place, phone: "call me" }, { ...place, nameJa: "あ".repeat(201) }]) {
      const refused = await post(fields);
      expect(refused.status).toBe(400);
      expect(refused.errors.length).toBeGreaterThan(0);
    }
    expect(await getDatabase().helpPlace.count()).toBe(before);
    expect((await post(place)).status).toBe(302);
    const search = async (query: string) => {
      const answer = await settle(() => whereLoader({ request: pageGet(`/ask/where${query}`, ""), context: loadContext, params: {} }), { phase: "loader" });
      return ((await answer.json()) as { places: { id: string; nameJa: string }[] }).places;
    };
    expect((await search("?prefecture=40")).map((found) => found.nameJa)).toContain("福岡遺伝カウンセリング外来");
    expect((await search("?prefecture=40&kind=cancer_support")).map((found) => found.nameJa)).not.toContain("福岡遺伝カウンセリング外来");
    expect((await search("?prefecture=13")).map((found) => found.nameJa)).not.toContain("福岡遺伝カウンセリング外来");
    // What is no prefecture or kind reads as no choice: all of Japan.
    expect((await search("?prefecture=99&kind=<b>")).map((found) => found.nameJa)).toContain("福岡遺伝カウンセリング外来");
    const id = (await search("?prefecture=40")).find((found) => found.nameJa === "福岡遺伝カウンセリング外来")!.id;
    expect((await post({ intent: "retire", placeId: id })).status).toBe(302);
    expect((await search("?prefecture=40")).map((found) => found.nameJa)).not.toContain("福岡遺伝カウンセリング外来");
    expect((await post({ intent: "retire", placeId: id })).status).toBe(404);
  });
});
