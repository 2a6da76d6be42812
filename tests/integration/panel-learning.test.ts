// Issue 28 item 7: the committee's learning path (ADR 060). Through the routes' loaders and actions as a browser sends
// them: the path shows how many modules are done, "mark as done" records once however often it is sent, and bad input
// or an unknown module records nothing. The authorization matrix covers who may reach the pages; the browser test walks
// a module in three languages.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { codePointLabel } from "../../app/domain/kernel/text-rules";
import { translator } from "../../app/i18n/i18n";
import { action as moduleAction, loader as moduleLoader } from "../../app/routes/panel/panel.learning.$module";
import { loader as pathLoader } from "../../app/routes/panel/panel.learning._index";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

async function member(role: "panel_member" | "dac_expert" | "dac_chair" = "panel_member") {
  const user = await createUser({ role });
  return { user, cookie: await cookieFor(user) };
}
type Member = { user: CreatedUser; cookie: string };

const path = async ({ cookie }: Member) => (await settle(() => pathLoader({ request: pageGet("/panel/learning", cookie), context: loadContext, params: {} }))).json();
const open = ({ cookie }: Member, module: string, query = "") =>
  settle(() => moduleLoader({ request: pageGet(`/panel/learning/${encodeURIComponent(module)}${query}`, cookie), context: loadContext, params: { module } }));
const complete = ({ cookie }: Member, module: string, fields: Record<string, string> = { intent: "complete" }) =>
  settle(() => moduleAction({ request: formPost(`/panel/learning/${encodeURIComponent(module)}`, fields, cookie), context: loadContext, params: { module } }));

const completions = (userId: string) => getDatabase().panelLearningCompletion.findMany({ where: { userId } });
const audits = (userId: string) => getDatabase().auditEvent.findMany({ where: { type: "learning.module_completed", actorUserId: userId } });

describe("the committee's learning path", () => {
  it("shows 0 of 4 done, then 1 of 4 with the module marked done after it is completed", async () => {
    const reader = await member();
    expect(await path(reader)).toMatchObject({ done: 0, total: 4, modules: [{ id: "programme", completedAt: null }, { id: "data-use-terms" }, { id: "committee" }, { id: "document-review" }] });

    const response = await complete(reader, "programme");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/panel/learning?done=programme");

    const after = await path(reader);
    expect(after).toMatchObject({ done: 1, total: 4 });
    expect(after.modules[0].completedAt).toEqual(expect.any(String));
    expect(after.modules.slice(1).every((module: { completedAt: string | null }) => module.completedAt === null)).toBe(true);
    expect(await (await open(reader, "programme")).json()).toMatchObject({ completedAt: after.modules[0].completedAt, position: 1, total: 4, next: "data-use-terms" });
    const [audit] = await audits(reader.user.id);
    expect(audit).toMatchObject({ outcome: "success", detail: { moduleId: "programme" } });
    // Translated for the progress line in every language.
    expect(translator("en", "learning")("path.progress", { done: 1, total: 4 })).toBe("1 of 4 done");
  });

  it("is one's own: another member's completion is not shown to you", async () => {
    const [first, second] = await Promise.all([member(), member("dac_expert")]);
    await complete(first, "committee");
    expect(await path(second)).toMatchObject({ done: 0 });
  });

  it("explains the self-check answers given in the query and stores nothing", async () => {
    const reader = await member("dac_chair");
    const page = await (await open(reader, "committee", "?q1=a&q2=c&q3=zz&q9=a&other=1")).json();
    expect(page.feedback).toEqual([
      { questionId: "q1", chosen: "a", correct: true, answer: "a" },
      { questionId: "q2", chosen: "c", correct: false, answer: "a" },
    ]);
    expect(await completions(reader.user.id)).toHaveLength(0);
  });

  it("an unknown or malformed module is not found, for reading and for completing, and nothing is written", async () => {
    const reader = await member();
    for (const module of ["genetics", "x'<b>..", "PROGRAMME", "programme ", ""]) {
      expect((await open(reader, module)).status, module).toBe(404);
      expect((await complete(reader, module)).status, module).toBe(404);
    }
    expect(await completions(reader.user.id)).toHaveLength(0);
    expect(await audits(reader.user.id)).toHaveLength(0);
  });

  it("an empty, oversized, wrong or hostile form is refused with a translated message, and nothing is written", async () => {
    const reader = await member();
    const t = translator("ja", "errors");
    const bodies: Record<string, string>[] = [
      {},
      { intent: "" },
      { intent: "complete".repeat(20_000) },
      { intent: "completed" },
      { intent: "complete\u202e" },
      { intent: "\u0000complete" },
      { intent: "ｃｏｍｐｌｅｔｅ" },
      { intent: "complete\u200b" },
    ];
    for (const fields of bodies) {
      const response = await complete(reader, "programme", fields);
      expect(response.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) expect([t("field.required"), t("field.choose"), t("field.chooseOne"), t("field.invalid"), t("field.controlCharacter", { codePoint: codePointLabel(0) })]).toContain(error);
    }
    expect(await completions(reader.user.id)).toHaveLength(0);
    expect(await audits(reader.user.id)).toHaveLength(0);
  });

  it("two submits at once, and a replay afterwards, record the module once with one audit row", async () => {
    const reader = await member();
    const answers = await Promise.all([complete(reader, "document-review"), complete(reader, "document-review")]);
    expect(answers.map((answer) => answer.status)).toEqual([302, 302]);
    const [first] = await completions(reader.user.id);
    expect((await complete(reader, "document-review")).status).toBe(302);
    expect(await completions(reader.user.id)).toEqual([first]);
    expect(await audits(reader.user.id)).toHaveLength(1);
  });

  it("a completion cannot be changed or removed: the table is append-only", async () => {
    const reader = await member();
    await complete(reader, "programme");
    const db = getDatabase();
    await expect(db.$executeRaw`UPDATE "PanelLearningCompletion" SET "completedAt" = now() WHERE "userId" = ${reader.user.id}::uuid`).rejects.toThrow();
    await expect(db.$executeRaw`DELETE FROM "PanelLearningCompletion" WHERE "userId" = ${reader.user.id}::uuid`).rejects.toThrow();
    expect(await completions(reader.user.id)).toHaveLength(1);
  });
});
