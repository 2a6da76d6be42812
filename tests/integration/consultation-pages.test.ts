// Issue 28: the respondent's pages of a consultation (ADR 059), through the routes' loaders and actions as a browser
// sends them: a participant answers, changes and withdraws; the public answers through an HttpOnly cookie that keeps
// them one responder; public answers are rate-limited per address; refused answers name their question in the
// reader's language and write nothing; nobody reaches another browser's response or a consultation not asked of them.
// (The authorization matrix covers who may reach the routes; the browser test walks them in three languages.)
import type { AppLoadContext } from "@remix-run/node";
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cookiesAreSecure } from "../../app/auth/cookie-security.server";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { action, loader } from "../../app/routes/public/consultations.$id";
import { loader as listLoader } from "../../app/routes/public/consultations._index";
import { loader as transparencyLoader } from "../../app/routes/public/transparency._index";
import { loader as updatesLoader } from "../../app/routes/public/updates._index";
import { loader as feedLoader } from "../../app/routes/public/updates.feed.$lang";
import { createPublishedConsultation, type CreatedConsultation } from "../factories/consultation-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";

useTestDatabase();

const ja = translator("ja", "consultations");
const jaErrors = translator("ja", "errors");
/** The page's action data after a refusal: Conform's reply, as every form's (the words above the form under "", each question's under its id). */
type FormReply = { result: { error: Record<string, string[]>; initialValue: Record<string, string | string[]> } };

/** Each test its own address, so the per-address limit of public answers counts only its own requests. */
const newAddress = () => `10.${randomInt(100, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`;
const contextFrom = (clientAddress: string) => ({ ...loadContext, clientAddress }) as AppLoadContext;

async function page(consultation: CreatedConsultation, cookie: string) {
  return settle(() => loader({ request: pageGet(`/consultations/${consultation.id}`, cookie), context: loadContext, params: { id: consultation.id } }));
}
async function pageData(consultation: CreatedConsultation, cookie: string) {
  const response = await page(consultation, cookie);
  expect(response.status).toBe(200);
  return ((await response.json()) as { consultation: Record<string, unknown> & { response: null | { receiptCode: string; values: Record<string, string[]>; withdrawn: boolean } } }).consultation;
}
async function post(consultation: CreatedConsultation, fields: Record<string, string | string[]>, cookie: string, address = "127.0.0.1") {
  return settle(() => action({ request: formPost(`/consultations/${consultation.id}`, fields, cookie), context: contextFrom(address), params: { id: consultation.id } }));
}

/** A complete answer: yes; privacy and audits; 4 on the scale; safety first, speed third; a comment. */
function answers(consultation: CreatedConsultation, overrides: Record<string, string | string[]> = {}) {
  const [single, multiple, scale, ranked, text] = consultation.questionIds as [string, string, string, string, string];
  return { intent: "answer", [single]: "yes", [multiple]: ["privacy", "audit"], [scale]: "4", [ranked]: ["b", "", "a"], [text]: "説明会を増やしてほしいです。", ...overrides };
}

const responses = (consultation: CreatedConsultation) => getDatabase().consultationResponse.findMany({ where: { consultationId: consultation.id } });
const texts = (consultation: CreatedConsultation) => getDatabase().consultationAnswerText.findMany({ where: { response: { consultationId: consultation.id } } });

/** The `name=value` of a Set-Cookie header, as the browser sends it back. */
const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

describe("a participant answers a consultation", () => {
  it("answers, sees the receipt and their answers again, changes them (same receipt), and withdraws", async () => {
    const consultation = await createPublishedConsultation();
    const user = await createUser({ role: "participant", password: null });
    const cookie = await cookieFor(user);
    const before = await pageData(consultation, cookie);
    expect(before).toMatchObject({ answeringAs: "participants", status: "open", response: null });
    expect((before.questions as { id: string; kind: string }[]).map((question) => question.kind)).toEqual(["single_choice", "multiple_choice", "scale", "ranked", "free_text"]);

    const first = await post(consultation, answers(consultation), cookie);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/consultations/${consultation.id}?answered=submitted`);
    // An account needs no browser token: nothing is set.
    expect(first.headers.get("Set-Cookie")).toBeNull();
    const answered = await pageData(consultation, cookie);
    const [single, multiple, scale, ranked, text] = consultation.questionIds as [string, string, string, string, string];
    expect(answered.response!.receiptCode).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    expect(answered.response!.values).toEqual({ [single]: ["yes"], [multiple]: ["privacy", "audit"], [scale]: ["4"], [ranked]: ["b", "a"], [text]: ["説明会を増やしてほしいです。"] });

    const edited = await post(consultation, answers(consultation, { [single]: "no", [text]: "" }), cookie);
    expect(edited.headers.get("Location")).toBe(`/consultations/${consultation.id}?answered=edited`);
    const after = await pageData(consultation, cookie);
    expect(after.response!.receiptCode).toBe(answered.response!.receiptCode);
    expect(after.response!.values[single]).toEqual(["no"]);
    expect(after.response!.values[text]).toBeUndefined();
    const [row] = await responses(consultation);
    expect(row).toMatchObject({ userId: user.id, capacity: "participants", withdrawnAt: null });
    expect(await responses(consultation)).toHaveLength(1);
    expect(await texts(consultation)).toHaveLength(0);

    const withdrawn = await post(consultation, { intent: "withdraw" }, cookie);
    expect(withdrawn.status).toBe(302);
    expect(withdrawn.headers.get("Location")).toBe(`/consultations/${consultation.id}?withdrawn=1`);
    expect((await pageData(consultation, cookie)).response!.withdrawn).toBe(true);
    expect((await responses(consultation))[0]!.withdrawnAt).not.toBeNull();
    // Nothing left to withdraw a second time.
    expect((await post(consultation, { intent: "withdraw" }, cookie)).status).toBe(404);
  });

  it("two submits at once leave one response", async () => {
    const consultation = await createPublishedConsultation();
    const cookie = await cookieFor(await createUser({ role: "participant", password: null }));
    const outcomes = await Promise.all([post(consultation, answers(consultation), cookie), post(consultation, answers(consultation), cookie)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([302, 302]);
    expect(await responses(consultation)).toHaveLength(1);
  });

  it("cannot see or answer a consultation asked of the panel alone; a panel member can", async () => {
    const consultation = await createPublishedConsultation({ audiences: ["panel"] });
    const cookie = await cookieFor(await createUser({ role: "participant", password: null }));
    expect((await page(consultation, cookie)).status).toBe(404);
    expect((await post(consultation, answers(consultation), cookie)).status).toBe(404);
    expect((await post(consultation, answers(consultation), "")).status).toBe(404);
    const list = (await (await settle(() => listLoader({ request: pageGet("/consultations", cookie), context: loadContext, params: {} }))).json()) as { consultations: { id: string }[] };
    expect(list.consultations.map((item) => item.id)).not.toContain(consultation.id);
    expect(await responses(consultation)).toHaveLength(0);

    const panelCookie = await cookieFor(await createUser({ role: "panel_member", password: null }));
    expect(await pageData(consultation, panelCookie)).toMatchObject({ answeringAs: "panel" });
    const panelList = (await (await settle(() => listLoader({ request: pageGet("/consultations", panelCookie), context: loadContext, params: {} }))).json()) as { consultations: { id: string; answerable: boolean }[] };
    expect(panelList.consultations).toContainEqual(expect.objectContaining({ id: consultation.id, answerable: true }));
  });

  it("a closed consultation shows as closed and takes no answers, translated", async () => {
    const hour = 3600_000;
    const consultation = await createPublishedConsultation({ opensAt: new Date(Date.now() - 30 * hour), closesAt: new Date(Date.now() - hour) });
    const cookie = await cookieFor(await createUser({ role: "participant", password: null }));
    expect(await pageData(consultation, cookie)).toMatchObject({ status: "closed" });
    const refused = await post(consultation, answers(consultation), cookie);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as FormReply).result.error[""]).toEqual([jaErrors("consultation_not_open")]);
    expect(await responses(consultation)).toHaveLength(0);
  });
});

describe("a proxy answers for the person they represent", () => {
  it("only where the consultation allows proxies: otherwise it is not theirs, or they answer as the public", async () => {
    const proxy = await cookieFor(await createUser({ role: "proxy", password: null }));
    const listedIds = async () =>
      ((await (await settle(() => listLoader({ request: pageGet("/consultations", proxy), context: loadContext, params: {} }))).json()) as { consultations: { id: string }[] }).consultations.map((item) => item.id);

    const notAllowed = await createPublishedConsultation({ audiences: ["participants"] });
    expect(await listedIds()).not.toContain(notAllowed.id);
    expect((await page(notAllowed, proxy)).status).toBe(404);
    expect((await post(notAllowed, answers(notAllowed), proxy)).status).toBe(404);
    expect(await responses(notAllowed)).toHaveLength(0);

    const alsoPublic = await createPublishedConsultation({ audiences: ["participants", "public"] });
    expect(await pageData(alsoPublic, proxy)).toMatchObject({ answeringAs: "public", asProxy: false });

    const allowed = await createPublishedConsultation({ audiences: ["participants"], allowsProxy: true });
    expect(await listedIds()).toContain(allowed.id);
    expect(await pageData(allowed, proxy)).toMatchObject({ answeringAs: "participants", asProxy: true });
    expect((await post(allowed, answers(allowed), proxy)).status).toBe(302);
    expect(await responses(allowed)).toEqual([expect.objectContaining({ capacity: "participants", withdrawnAt: null })]);
    // A participant answers as one whatever the consultation says of proxies.
    const participant = await cookieFor(await createUser({ role: "participant", password: null }));
    expect(await pageData(notAllowed, participant)).toMatchObject({ answeringAs: "participants", asProxy: false });
  });
});

describe("the public answers a consultation", () => {
  it("the first submit sets an HttpOnly, SameSite=Lax cookie; the next from it edits the same response; another browser sees none", async () => {
    const consultation = await createPublishedConsultation();
    const browser = await cookieFor(null);
    expect(await pageData(consultation, browser)).toMatchObject({ answeringAs: "public", response: null });
    const first = await post(consultation, answers(consultation), browser, newAddress());
    expect(first.status).toBe(302);
    const setCookie = first.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^(__Secure-)?tsunagi_responder=/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/consultations");
    expect(setCookie).toContain(`Max-Age=${400 * 24 * 3600}`);
    expect(setCookie.includes("Secure")).toBe(cookiesAreSecure());
    const withToken = `${browser}; ${cookiePair(setCookie)}`;

    const [single] = consultation.questionIds as [string];
    const again = await post(consultation, answers(consultation, { [single]: "no" }), withToken, newAddress());
    expect(again.headers.get("Location")).toBe(`/consultations/${consultation.id}?answered=edited`);
    expect(again.headers.get("Set-Cookie")).toBeNull();
    const rows = await responses(consultation);
    expect(rows).toHaveLength(1);
    // Nothing of the person is kept: no account, and the audit rows name nobody and no address.
    expect(rows[0]).toMatchObject({ userId: null, capacity: "public" });
    const audits = await getDatabase().auditEvent.findMany({ where: { type: "consultation.response_changed", detail: { path: ["responseId"], equals: rows[0]!.id } } });
    expect(audits.map((audit) => [audit.actorUserId, audit.ipAddress, audit.userAgent])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    const mine = await pageData(consultation, withToken);
    expect(mine.response!.values[single]).toEqual(["no"]);
    expect((await pageData(consultation, await cookieFor(null))).response).toBeNull();
  });

  it("the list marks what this viewer answered — by account, or by this browser's token — and no longer once withdrawn", async () => {
    const consultation = await createPublishedConsultation();
    const listed = async (cookie: string) =>
      ((await (await settle(() => listLoader({ request: pageGet("/consultations", cookie), context: loadContext, params: {} }))).json()) as { consultations: { id: string; answered: boolean }[] }).consultations.find(
        (item) => item.id === consultation.id,
      )!.answered;
    const participant = await cookieFor(await createUser({ role: "participant", password: null }));
    expect(await listed(participant)).toBe(false);
    await post(consultation, answers(consultation), participant);
    expect(await listed(participant)).toBe(true);
    // Another participant, the public without a token, and a browser whose token answered nothing: not answered.
    expect(await listed(await cookieFor(await createUser({ role: "participant", password: null })))).toBe(false);
    expect(await listed(await cookieFor(null))).toBe(false);
    const browser = await cookieFor(null);
    const first = await post(consultation, answers(consultation), browser, newAddress());
    const withToken = `${browser}; ${cookiePair(first.headers.get("Set-Cookie")!)}`;
    expect(await listed(withToken)).toBe(true);
    await post(consultation, { intent: "withdraw" }, withToken);
    expect(await listed(withToken)).toBe(false);
  });

  it("another browser's token cannot withdraw someone else's response", async () => {
    const consultation = await createPublishedConsultation();
    const first = await post(consultation, answers(consultation), await cookieFor(null), newAddress());
    const owner = `${await cookieFor(null)}; ${cookiePair(first.headers.get("Set-Cookie")!)}`;
    const otherAnswer = await post(consultation, answers(consultation), await cookieFor(null), newAddress());
    const other = `${await cookieFor(null)}; ${cookiePair(otherAnswer.headers.get("Set-Cookie")!)}`;
    // No token, a token of the right shape that answered nothing, a garbled one, another browser's: not found.
    const forged = cookiePair(first.headers.get("Set-Cookie")!).replace(/=.*/, `=${Buffer.from(JSON.stringify("A".repeat(43))).toString("base64")}`);
    for (const cookie of [await cookieFor(null), `${await cookieFor(null)}; ${forged}`, `${await cookieFor(null)}; tsunagi_responder=garbled`]) {
      expect((await post(consultation, { intent: "withdraw" }, cookie)).status).toBe(404);
    }
    expect((await post(consultation, { intent: "withdraw" }, other)).status).toBe(302);
    expect((await pageData(consultation, owner)).response!.withdrawn).toBe(false);
    expect((await responses(consultation)).filter((row) => row.withdrawnAt === null)).toHaveLength(1);
  });

  it("an account the consultation does not ask (an applicant) answers as the public does, with no account kept", async () => {
    const consultation = await createPublishedConsultation();
    const cookie = await cookieFor(await createUser({ role: "applicant", password: null }));
    expect(await pageData(consultation, cookie)).toMatchObject({ answeringAs: "public" });
    const answered = await post(consultation, answers(consultation), cookie, newAddress());
    expect(answered.headers.get("Set-Cookie")).toMatch(/tsunagi_responder=/);
    expect(await responses(consultation)).toEqual([expect.objectContaining({ userId: null, capacity: "public" })]);
  });

  it("at most 20 public submits per address in ten minutes: the next is 429, translated, and writes nothing; accounts are not limited", async () => {
    const consultation = await createPublishedConsultation();
    const address = newAddress();
    // Refused answers count too: the limit is on attempts.
    for (let attempt = 0; attempt < 20; attempt++) expect((await post(consultation, { intent: "answer" }, await cookieFor(null), address)).status).toBe(400);
    const limited = await post(consultation, answers(consultation), await cookieFor(null), address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await limited.json()) as FormReply).result.error[""]).toEqual([ja("form.rateLimited", { count: 10 })]);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
    expect(await responses(consultation)).toHaveLength(0);

    const participant = await cookieFor(await createUser({ role: "participant", password: null }));
    expect((await post(consultation, answers(consultation), participant, address)).status).toBe(302);
  });
});

describe("answers that do not read", () => {
  it("are refused with 400, each beside its question in the reader's language, the values kept and nothing written", async () => {
    const consultation = await createPublishedConsultation();
    const [single, multiple, scale, ranked, text] = consultation.questionIds as [string, string, string, string, string];
    const user = await createUser({ role: "participant", password: null });
    const cases: { name: string; fields: Record<string, string | string[]>; issues: Record<string, string>; language?: string }[] = [
      { name: "empty", fields: { intent: "answer" }, issues: { [single]: ja("issues.required") } },
      { name: "an option not offered", fields: answers(consultation, { [single]: "maybe", [multiple]: ["privacy", "<script>"] }), issues: { [single]: ja("issues.unknown_option"), [multiple]: ja("issues.unknown_option") } },
      { name: "off the scale, a rank repeated", fields: answers(consultation, { [scale]: "9", [ranked]: ["a", "a"] }), issues: { [scale]: ja("issues.not_a_scale_point"), [ranked]: ja("issues.repeated_option") } },
      { name: "oversized text", fields: answers(consultation, { [text]: "あ".repeat(201) }), issues: { [text]: jaErrors("field.tooLongText", { max: 200, length: 201 }) } },
      { name: "a direction control", fields: answers(consultation, { [text]: "賛成\u202Eです" }), issues: { [text]: jaErrors("field.directionControl", { codePoint: "U+202E" }) } },
      { name: "a NUL", fields: answers(consultation, { [text]: "賛成\u0000" }), issues: { [text]: jaErrors("field.controlCharacter", { codePoint: "U+0000" }) } },
      {
        name: "in English",
        language: "en",
        fields: { intent: "answer", [text]: "x".repeat(201) },
        issues: { [single]: translator("en", "consultations")("issues.required"), [text]: translator("en", "errors")("field.tooLongText", { max: 200, length: 201 }) },
      },
    ];
    for (const refusal of cases) {
      const cookie = await cookieFor(user, refusal.language ?? "ja");
      const response = await post(consultation, refusal.fields, cookie);
      expect(response.status, refusal.name).toBe(400);
      const { result } = (await response.json()) as FormReply;
      const { "": above, ...beside } = result.error;
      expect(beside, refusal.name).toEqual(Object.fromEntries(Object.entries(refusal.issues).map(([question, words]) => [question, [words]])));
      expect(above, refusal.name).toEqual([translator(refusal.language ?? "ja", "consultations")("form.fixAnswers", { count: Object.keys(refusal.issues).length })]);
      // What was sent comes back to the form as it was typed.
      if (refusal.fields[text] !== undefined) expect([result.initialValue[text]].flat(), refusal.name).toEqual([refusal.fields[text]].flat());
    }
    expect(await responses(consultation)).toHaveLength(0);
    expect(await texts(consultation)).toHaveLength(0);
    expect(await getDatabase().auditEvent.count({ where: { type: "consultation.response_changed", actorUserId: user.id } })).toBe(0);
  });

  it("an intent the page does not send is refused; an unknown or malformed consultation is not found", async () => {
    const consultation = await createPublishedConsultation();
    const cookie = await cookieFor(await createUser({ role: "participant", password: null }));
    const unknownStep = await post(consultation, { intent: "delete" }, cookie);
    expect(unknownStep.status).toBe(400);
    expect(((await unknownStep.json()) as FormReply).result.error[""]).toEqual([jaErrors("field.invalid")]);
    for (const id of ["00000000-0000-4000-8000-000000000000", "x'<b>.."]) {
      const missing = { id, questionIds: [] };
      expect((await page(missing, cookie)).status).toBe(404);
      expect((await post(missing, answers(consultation), cookie)).status).toBe(404);
    }
    expect(await responses(consultation)).toHaveLength(0);
  });
});

describe("a consultation is announced when it opens", () => {
  it("in the public updates feed and on /transparency from its opening, not before; one asking only accounts never; /updates lists the open ones that ask the reader", async () => {
    const day = 24 * 3600_000;
    const title = (ja: string, en: string) => ({ ja, "ja-easy": ja, en });
    const open = await createPublishedConsultation({ title: title(`公開の意見募集 ${randomInt(1e9)}`, `Open to all ${randomInt(1e9)}`) });
    const scheduled = await createPublishedConsultation({ title: title(`予定の意見募集 ${randomInt(1e9)}`, `Scheduled ${randomInt(1e9)}`), opensAt: new Date(Date.now() + 3 * day), closesAt: new Date(Date.now() + 9 * day) });
    const accountsOnly = await createPublishedConsultation({ title: title(`参加者だけ ${randomInt(1e9)}`, `Participants only ${randomInt(1e9)}`), audiences: ["participants"] });

    const feed = await (await settle(() => feedLoader({ request: pageGet("/updates/feed/en", ""), context: loadContext, params: { lang: "en" } }))).text();
    expect(feed).toContain(`/consultations/${open.id}</id>`);
    expect(feed).toContain(translator("en", "updates")("reader.consultationEntry", { title: "" }).trim());
    for (const hidden of [scheduled, accountsOnly]) expect(feed).not.toContain(`/consultations/${hidden.id}`);

    const transparency = (await (await settle(() => transparencyLoader({ request: pageGet("/transparency", ""), context: loadContext, params: {} }))).json()) as { consultations: { id: string; status: string }[] };
    expect(transparency.consultations).toContainEqual(expect.objectContaining({ id: open.id, status: "open" }));
    expect(transparency.consultations.map((entry) => entry.id)).not.toContain(scheduled.id);
    expect(transparency.consultations.map((entry) => entry.id)).not.toContain(accountsOnly.id);

    const participant = await cookieFor(await createUser({ role: "participant", password: null }));
    const updates = (await (await settle(() => updatesLoader({ request: pageGet("/updates", participant), context: loadContext, params: {} }))).json()) as { consultations: { id: string }[] };
    const shown = updates.consultations.map((entry) => entry.id);
    expect(shown).toEqual(expect.arrayContaining([open.id, accountsOnly.id]));
    expect(shown).not.toContain(scheduled.id);
    const signedOut = await cookieFor(null);
    const publicReader = (await (await settle(() => updatesLoader({ request: pageGet("/updates", signedOut), context: loadContext, params: {} }))).json()) as { consultations: { id: string }[] };
    expect(publicReader.consultations.map((entry) => entry.id)).not.toContain(accountsOnly.id);
  });
});
