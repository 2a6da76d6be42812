// Issue 28 item 5 (ADR 063): the "you said, we did" pages as staff and readers use them — the staff report page's
// forms through its action (bad input refused in the reader's language with nothing written; the whole round from an
// empty draft to a published version), and the public report, its versions and the list of what became of each
// consultation through their loaders.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { loader as reportLoader } from "../../app/routes/public/consultations.$id_.report";
import { loader as resultsLoader } from "../../app/routes/public/consultations.results";
import { action as staffAction, loader as staffLoader } from "../../app/routes/staff/staff.consultations.$id.report";
import { createPublishedConsultation } from "../factories/consultation-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, replyErrors, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const day = 24 * 3600_000;
const closedConsultation = () => createPublishedConsultation({ opensAt: new Date(Date.now() - 5 * day), closesAt: new Date(Date.now() - day) });

async function staff(language = "ja") {
  const user = await createUser({ role: "elsi_staff", password: null });
  return { user, cookie: await cookieFor(user, language) };
}

const db = () => getDatabase();
const draftOf = (consultationId: string) => db().consultationReportVersion.findFirstOrThrow({ where: { consultationId }, orderBy: { version: "desc" } });

function poster(consultationId: string, cookie: string) {
  return (fields: Record<string, string | string[]>) =>
    settle(() => staffAction({ request: formPost(`/staff/consultations/${consultationId}/report`, fields, cookie), context: loadContext, params: { id: consultationId } }));
}

const summary = { "summary.ja": "多くの方が条件の厳格化を求めました。", "summary.ja-easy": "たくさんの 人が きびしい 約束を もとめました。", "summary.en": "Many asked for stricter terms." };
const decision = {
  intent: "decision",
  themeId: "",
  "text.ja": "審査に市民委員を加えます。",
  "text.ja-easy": "しんさに 市民の 委員が 入ります。",
  "text.en": "Public members will join the review.",
  "reason.ja": "多くの意見が求めたためです。",
  "reason.ja-easy": "たくさんの 人が そう 答えたからです。",
  "reason.en": "Most answers asked for it.",
};

describe("[ELSI staff] the report page's forms", () => {
  it.each(["ja", "ja-easy", "en"] as const)("refuses an empty, oversized, hostile or tampered form with errors in the reader's language (%s), writing nothing", async (language) => {
    const consultation = await closedConsultation();
    const { cookie } = await staff(language);
    const post = poster(consultation.id, cookie);
    const t = translator(language, "errors");
    expect((await post({ intent: "start", confirm: "yes" })).status).toBe(302);
    const before = await draftOf(consultation.id);
    const token = before.updatedAt.toISOString();
    for (const [name, bad] of [
      ["no intent", {}],
      ["wrong intent", { intent: "delete" }],
      ["oversized summary", { intent: "summary", updatedAt: token, ...summary, "summary.ja": "あ".repeat(10_001) }],
      ["hostile Unicode", { intent: "summary", updatedAt: token, ...summary, "summary.en": "Many\u202E asked" }],
      ["stale token", { intent: "summary", updatedAt: "yesterday", ...summary }],
      ["empty decision", { ...decision, "text.en": "" }],
      ["oversized reason", { ...decision, "reason.ja": "理".repeat(2_001) }],
      ["unsafe link", { ...decision, "links[0].url": "javascript:alert(1)", "links[0].label.ja": "リンク", "links[0].label.ja-easy": "リンク", "links[0].label.en": "Link" }],
      ["link without its words", { ...decision, "links[0].url": "/consultations" }],
      ["link a browser reads as another host", { ...decision, "links[0].url": "/\\evil.example", "links[0].label.ja": "リンク", "links[0].label.ja-easy": "リンク", "links[0].label.en": "Link" }],
      ["wrong state", { intent: "decision-state", decisionId: crypto.randomUUID(), version: "1", state: "maybe" }],
      ["quoting a made-up answer", { intent: "quote", updatedAt: token, answer: "x:y", quote: "add" }],
    ] as const) {
      const response = await post(bad as Record<string, string>);
      expect(response.status, name).toBe(400);
      const errors = replyErrors(await response.json());
      expect(errors.length, name).toBeGreaterThan(0);
      expect(errors.join(" "), name).not.toMatch(/invalid_type|Expected|Invalid input/);
      if (name === "empty decision") expect(errors, name).toContain(t("field.required"));
      if (name === "unsafe link" || name === "link a browser reads as another host") expect(errors, name).toContain(t("field.linkTarget"));
      if (name === "wrong state") expect(errors, name).toContain(t("field.choose"));
      if (name === "oversized summary") expect(errors.join(" "), name).toMatch(/10,?001.*10,?000/);
    }
    const after = await draftOf(consultation.id);
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    expect(after.summary).toEqual(before.summary);
    expect(await db().consultationDecision.count({ where: { consultationId: consultation.id } })).toBe(0);
  });

  it("an open consultation has no report yet; a draft consultation has no report page", async () => {
    const open = await createPublishedConsultation();
    const { cookie } = await staff("en");
    const refused = await poster(open.id, cookie)({ intent: "start", confirm: "yes" });
    expect(refused.status).toBe(409);
    expect(replyErrors(await refused.json())).toContain(translator("en", "errors")("consultation_not_closed"));
    expect(await db().consultationReportVersion.count({ where: { consultationId: open.id } })).toBe(0);
    const page = await settle(() => staffLoader({ request: pageGet(`/staff/consultations/${open.id}/report`, cookie), context: loadContext, params: { id: open.id } }));
    expect(page.status).toBe(200);
  });

  it("writes, publishes and corrects a report: the public reads each version at its own address, and the list says what became of it", async () => {
    const consultation = await closedConsultation();
    const { cookie } = await staff();
    const post = poster(consultation.id, cookie);
    expect((await post({ intent: "start", confirm: "yes" })).headers.get("Location")).toMatch(new RegExp(`^/staff/consultations/${consultation.id}/report\\?notice=started&at=\\d+$`));
    const token = async () => (await draftOf(consultation.id)).updatedAt.toISOString();

    // Publishing an empty draft is refused, saying why.
    const early = await post({ intent: "publish", updatedAt: await token(), confirm: "yes" });
    expect(early.status).toBe(409);
    expect(replyErrors(await early.json())).toContain(translator("ja", "errors")("consultation_report_language_missing"));

    expect((await post({ intent: "summary", updatedAt: await token(), ...summary })).status).toBe(302);
    const saved = await post({ ...decision, "links[0].url": "/transparency", "links[0].label.ja": "透明性", "links[0].label.ja-easy": "とうめいせい", "links[0].label.en": "Transparency" });
    expect(saved.status).toBe(302);
    const [made] = await db().consultationDecision.findMany({ where: { consultationId: consultation.id } });
    expect(made!.links).toEqual([{ url: "/transparency", label: { ja: "透明性", "ja-easy": "とうめいせい", en: "Transparency" } }]);
    expect((await post({ intent: "publish", updatedAt: await token(), confirm: "yes" })).headers.get("Location")).toMatch(new RegExp(`^/staff/consultations/${consultation.id}/report\\?notice=published&at=\\d+$`));

    const read = async (query = "", language = "en") => {
      const cookie = await cookieFor(null, language);
      return settle(() => reportLoader({ request: pageGet(`/consultations/${consultation.id}/report${query}`, cookie), context: loadContext, params: { id: consultation.id } }));
    };
    const first = await (await read()).json();
    expect(first.report.version).toBe(1);
    expect(first.report.document.summary.en).toBe(summary["summary.en"]);
    expect(first.report.document.general.decisions[0].state).toBe("considered");

    // The decision moves on after publication: the version keeps what it said, the page shows what happened since.
    expect((await post({ intent: "decision-state", decisionId: made!.id, version: "1", state: "done", "note.ja": "実施しました。", "note.ja-easy": "しました。", "note.en": "Done." })).status).toBe(302);
    const since = await (await read()).json();
    expect(since.report.document.general.decisions[0].state).toBe("considered");
    expect(since.report.decisionsNow[0].state).toBe("done");

    // A correction: version 2 needs its change note; version 1 stays at its address.
    expect((await post({ intent: "correct", confirm: "yes" })).headers.get("Location")).toMatch(new RegExp(`^/staff/consultations/${consultation.id}/report\\?notice=correction&at=\\d+$`));
    const noNote = await post({ intent: "publish", updatedAt: await token(), confirm: "yes" });
    expect(replyErrors(await noNote.json())).toContain(translator("ja", "errors")("consultation_report_change_note_missing"));
    expect((await post({ intent: "summary", updatedAt: await token(), ...summary, "changeNote.ja": "状態を更新。", "changeNote.ja-easy": "じょうたいを かえました。", "changeNote.en": "States updated." })).status).toBe(302);
    expect((await post({ intent: "publish", updatedAt: await token(), confirm: "yes" })).status).toBe(302);
    const second = await (await read()).json();
    expect(second.report.version).toBe(2);
    expect(second.report.document.general.decisions[0].state).toBe("done");
    expect(second.report.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect((await (await read("?version=1")).json()).report.document.changeNote).toBeNull();
    for (const query of ["?version=3", "?version=0", "?version=abc", "?version=1.5"]) expect((await read(query)).status, query).toBe(404);

    const english = await cookieFor(null, "en");
    const results = await (await settle(() => resultsLoader({ request: pageGet("/consultations/results", english), context: loadContext, params: {} }))).json();
    const outcome = results.outcomes.find((entry: { id: string }) => entry.id === consultation.id);
    expect(outcome.report.version).toBe(2);
    expect(outcome.decisions).toMatchObject({ done: 1, considered: 0 });
  });
});
