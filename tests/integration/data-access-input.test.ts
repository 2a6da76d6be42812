// Bad input on the data-access forms (issue 15), as a browser posts them, in ja, ja-easy and en: empty, oversized, a
// choice not offered, hostile Unicode — a translated sentence on the field and nothing written; and a vote or comment
// from a recused member refused whatever the form says.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { openReview } from "../../app/domain/access/applications/open-review.server";
import { startApplication } from "../../app/domain/access/applications/start-application.server";
import { declareConflict } from "../../app/domain/access/committee/declare-conflict.server";
import { seatMember } from "../../app/domain/access/committee/manage-committee.server";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { action as applicationAction } from "../../app/routes/applicant/applications.$id";
import { action as signUpAction } from "../../app/routes/applicant/applications.sign-up";
import { action as reviewAction, loader as reviewLoader } from "../../app/routes/committee/committee.applications.$id";
import { action as approvalsAction } from "../../app/routes/committee/committee.approvals";
import { action as membersAction } from "../../app/routes/committee/committee.members";
import { createApplicant, createApplication } from "../factories/data-access-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, pageGet, settle } from "../support/route-requests";

useTestDatabase();
const request = { ipAddress: "127.0.0.1", userAgent: "vitest" };

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  const body = (await response.json()) as { result: { error: Record<string, string[]> | null } };
  return body.result.error ?? {};
}

describe("[applicant] the sign-up and application forms say what is wrong, and write nothing", () => {
  for (const language of supportedLanguages) {
    it(`in ${language}`, async () => {
      const t = translator(language, "errors");
      const good = { email: `applicant-${language}-${Date.now()}@example.test`, displayName: "照合 太郎", institution: "照合大学", country: "JP" };
      const signUpCases: [Record<string, string>, string, string][] = [
        [{ email: "" }, "email", t("field.required")],
        [{ institution: "x".repeat(201) }, "institution", t("field.tooLongText", { max: 200, length: 201 })],
        [{ institution: "照合\u202E大学" }, "institution", t("field.directionControl", { codePoint: "U+202E" })],
        [{ country: "Atlantis" }, "country", t("field.countryName")],
      ];
      const users = await getDatabase().user.count();
      const anonymous = await cookieFor(null, language);
      for (const [change, field, message] of signUpCases) {
        const response = await settle(() => signUpAction({ request: formPost("/applications/sign-up", { ...good, ...change }, anonymous), context: loadContext, params: {} }));
        expect(response.status, field).toBe(400);
        expect((await errorsOf(response))[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      expect(await getDatabase().user.count()).toBe(users);

      const applicant = await createApplicant();
      const { id } = await startApplication({ applicantId: applicant.user.id, request });
      const cookie = await cookieFor(applicant.user, language);
      const before = await getDatabase().dataAccessApplicationVersion.findFirstOrThrow({ where: { applicationId: id } });
      const cases: [Record<string, string | string[]>, string, string][] = [
        // No button's value at all: asked to choose (issue 29 item 6); a value no button has: not one offered.
        [{}, "intent", t("field.chooseOne")],
        [{ intent: "publish" }, "intent", t("field.choose")],
        [{ intent: "save", titleJa: "あ".repeat(201) }, "titleJa", t("field.tooLongText", { max: 200, length: 201 })],
        // The title and institution in each language (issue 29 item 7) take the same rules.
        [{ intent: "save", titleEn: "Cancer\u202E study" }, "titleEn", t("field.directionControl", { codePoint: "U+202E" })],
        [{ intent: "save", titleJaEasy: "がんの\u0007けんきゅう" }, "titleJaEasy", t("field.controlCharacter", { codePoint: "U+0007" })],
        [{ intent: "save", institutionEn: "x".repeat(201) }, "institutionEn", t("field.tooLongText", { max: 200, length: 201 })],
        [{ intent: "save", institutionJa: "照合\u2067大学" }, "institutionJa", t("field.directionControl", { codePoint: "U+2067" })],
        [{ intent: "save", laySummaryJa: "がん\u0000の研究" }, "laySummaryJa", t("field.controlCharacter", { codePoint: "U+0000" })],
        [{ intent: "save", coiStatement: "なし\u2066" }, "coiStatement", t("field.directionControl", { codePoint: "U+2066" })],
        [{ intent: "save", purposeCodes: ["XYZ"] }, "purposeCodes[0]", t("field.choose")],
        // Diseases are ticked codes, or a name or code typed into the search box (issue 29 item 7): a ticked value
        // that is no code, a name that is not in the list, an oversized or hostile search are each refused.
        [{ intent: "save", diseases: ["DOID:1612", "cancer"] }, "diseases", t("field.diseaseList", { item: "cancer" })],
        [{ intent: "save", diseaseSearch: "乳" }, "diseaseSearch", t("field.diseaseList", { item: "乳" })],
        [{ intent: "save", diseaseSearch: "が".repeat(101) }, "diseaseSearch", t("field.tooLongText", { max: 100, length: 101 })],
        [{ intent: "save", diseaseSearch: "乳がん\u202E" }, "diseaseSearch", t("field.directionControl", { codePoint: "U+202E" })],
        // Datasets are ticked from the programme's list: an id not in it is refused, named, whatever it looks like.
        [{ intent: "save", datasets: ["wgs-cancer-2026", "no-such-dataset"] }, "datasets", t("field.datasetList", { item: "no-such-dataset" })],
        [{ intent: "save", datasets: "wgs-cancer\u202E2026" }, "datasets", t("field.datasetList", { item: "wgs-cancer\uFFFD2026" })],
        [{ intent: "save", periodMonths: "61" }, "periodMonths", t("field.outOfRange")],
        [{ intent: "save", recipientType: "government" }, "recipientType", t("field.choose")],
      ];
      for (const [fields, field, message] of cases) {
        const response = await settle(() => applicationAction({ request: formPost(`/applications/${id}`, fields, cookie), context: loadContext, params: { id } }));
        expect(response.status, field).toBe(400);
        expect((await errorsOf(response))[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      const after = await getDatabase().dataAccessApplicationVersion.findFirstOrThrow({ where: { applicationId: id } });
      expect(after.updatedAt).toEqual(before.updatedAt);
      expect(await getDatabase().auditEvent.count({ where: { actorUserId: applicant.user.id, type: "access.application_changed", detail: { path: ["change"], equals: "draft_saved" } } })).toBe(0);
    });
  }
});

describe("[applicant] picks diseases by name and datasets from the list (issue 29 item 7)", () => {
  it("finds diseases by a Japanese or English name without JavaScript, saves the draft meanwhile, and takes a picked name, a name or a code", async () => {
    const applicant = await createApplicant();
    const { id } = await startApplication({ applicantId: applicant.user.id, request });
    const post = async (language: "ja" | "en", fields: Record<string, string | string[]>) =>
      settle(async () => applicationAction({ request: formPost(`/applications/${id}`, fields, await cookieFor(applicant.user, language)), context: loadContext, params: { id } }));
    const content = async () => ((await getDatabase().dataAccessApplicationVersion.findFirstOrThrow({ where: { applicationId: id } })).content as { titleJa: string; diseases: string[]; datasets: string[] });

    // "Find diseases": the typed fields are kept (the draft is saved) and the matching names come back with codes.
    const found = await post("ja", { intent: "findDiseases", titleJa: "膠芽腫の研究", diseaseSearch: "膠芽" });
    expect(found.status).toBe(200);
    const body = (await found.json()) as { diseaseSearch: { query: string; found: { curie: string; ja: string | null; en: string }[] } };
    expect(body.diseaseSearch).toEqual({ query: "膠芽", found: [{ curie: "DOID:3068", ja: "膠芽腫", en: "glioblastoma" }] });
    expect(await content()).toMatchObject({ titleJa: "膠芽腫の研究", diseases: [] });
    const english = (await (await post("en", { intent: "findDiseases", diseaseSearch: "Lynch" })).json()) as typeof body;
    expect(english.diseaseSearch.found.map((label) => label.curie).sort()).toEqual(["DOID:3883", "MONDO:0005835"]);

    // A match ticked, a suggestion picked ("name (code)"), a whole name, a bare code not in the list: each kept as its code.
    expect((await post("ja", { intent: "save", diseases: ["DOID:3068"], diseaseSearch: "乳がん (DOID:1612)", datasets: ["wgs-cancer-2026"] })).status).toBe(302);
    expect(await content()).toMatchObject({ diseases: ["DOID:3068", "DOID:1612"], datasets: ["wgs-cancer-2026"] });
    expect((await post("en", { intent: "save", diseases: ["DOID:3068", "DOID:1612"], diseaseSearch: "retinitis pigmentosa", datasets: ["wgs-cancer-2026", "wgs-rare-disease-2026"] })).status).toBe(302);
    expect(await content()).toMatchObject({ diseases: ["DOID:3068", "DOID:1612", "DOID:10584"], datasets: ["wgs-cancer-2026", "wgs-rare-disease-2026"] });
    expect((await post("en", { intent: "save", diseases: ["DOID:3068"], diseaseSearch: "DOID:0080684" })).status).toBe(302);
    expect(await content()).toMatchObject({ diseases: ["DOID:3068", "DOID:0080684"], datasets: [] });
  });
});

describe("[committee] the review and members forms say what is wrong, and write nothing", () => {
  for (const language of supportedLanguages) {
    it(`in ${language}`, async () => {
      const t = translator(language, "errors");
      const secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
      const panel = await createUser({ role: "panel_member" });
      await seatMember({ userId: panel.id, seat: "panel", sex: "female", expertise: "", endsOn: null, actorUserId: secretariat.id, request });
      const application = await createApplication({ state: "submitted" });
      await getDatabase().dataAccessApplication.update({ where: { id: application.id }, data: { reviewRound: 0 } });
      await openReview({ applicationId: application.id, actorUserId: secretariat.id, request });
      await declareConflict({ userId: panel.id, applicationId: application.id, conflicted: false, note: "", request });
      const cookie = await cookieFor(panel, language);
      const cases: [Record<string, string>, string, string][] = [
        [{ intent: "vote", choice: "maybe", rationale: "x" }, "choice", t("field.choose")],
        [{ intent: "vote", choice: "approve", rationale: "" }, "rationale", t("field.required")],
        [{ intent: "vote", choice: "approve", rationale: "い".repeat(4001) }, "rationale", t("field.tooLongText", { max: 4000, length: 4001 })],
        [{ intent: "comment", body: "賛成\u202Eです" }, "body", t("field.directionControl", { codePoint: "U+202E" })],
        [{ intent: "declare", conflicted: "perhaps" }, "conflicted", t("field.choose")],
      ];
      for (const [fields, field, message] of cases) {
        const response = await settle(() => reviewAction({ request: formPost(`/committee/applications/${application.id}`, fields, cookie), context: loadContext, params: { id: application.id } }));
        expect(response.status, field).toBe(400);
        expect((await errorsOf(response))[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      // A vote with conditions but none written is refused by the verb, with its sentence.
      const conditional = await settle(() =>
        reviewAction({ request: formPost(`/committee/applications/${application.id}`, { intent: "vote", choice: "approve_with_conditions", rationale: "条件付きで" }, cookie), context: loadContext, params: { id: application.id } }),
      );
      expect(conditional.status).toBe(409);
      expect(JSON.stringify(await conditional.json())).toContain(t("conditions_required"));
      expect(await getDatabase().applicationVote.count({ where: { applicationId: application.id } })).toBe(0);
      expect(await getDatabase().applicationComment.count({ where: { applicationId: application.id } })).toBe(0);

      const staffCookie = await cookieFor(secretariat, language);
      const ruleBefore = await getDatabase().dataAccessCommittee.findFirstOrThrow();
      for (const [fields, field] of [
        [{ intent: "rule", quorumPercent: "150", majorityPercent: "50" }, "quorumPercent"],
        [{ intent: "seat", userId: "not-a-uuid", seat: "panel", sex: "female" }, "userId"],
        [{ intent: "seat", userId: panel.id, seat: "observer", sex: "female" }, "seat"],
      ] as const) {
        const response = await settle(() => membersAction({ request: formPost("/committee/members", fields, staffCookie), context: loadContext, params: {} }));
        expect(response.status, field).toBe(400);
        expect(Object.keys(await errorsOf(response))).toContain(field);
      }
      expect((await getDatabase().dataAccessCommittee.findFirstOrThrow()).updatedAt).toEqual(ruleBefore.updatedAt);
    });
  }
});

describe("[secretariat] sanctions an approval from its page", () => {
  for (const language of supportedLanguages) {
    it(`refuses bad input with nothing changed, then suspends and revokes, each sent to the bridge (${language})`, async () => {
      const t = translator(language, "errors");
      const secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
      const cookie = await cookieFor(secretariat, language);
      const { approvalId } = await createApplication();
      const post = (fields: Record<string, string>) => settle(() => approvalsAction({ request: formPost("/committee/approvals", fields, cookie), context: loadContext, params: {} }));
      const base = { approvalId: approvalId!, version: "1" };
      for (const [fields, field, message] of [
        [{ ...base, intent: "suspend", reason: "" }, "reason", t("field.required")],
        [{ ...base, intent: "suspend", reason: "調査中\u202E" }, "reason", t("field.directionControl", { codePoint: "U+202E" })],
        [{ ...base, intent: "pause", reason: "調査中" }, "intent", t("field.choose")],
        [{ ...base, intent: "extend", reason: "延長" }, "endsOn", t("field.required")],
      ] as const) {
        const response = await post(fields);
        expect(response.status, field).toBe(400);
        expect((await errorsOf(response))[field]?.join(" "), field).toContain(message);
      }
      expect((await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: approvalId! } })).version).toBe(1);
      expect((await post({ ...base, intent: "suspend", reason: "ポリシー違反の疑いを調査中" })).status).toBe(302);
      // The page the secretariat had open is out of date now: a second change from it is refused as such.
      const stale = await post({ ...base, intent: "revoke", reason: "違反を確認" });
      expect(stale.status).toBe(409);
      expect(await post({ ...base, version: "2", intent: "revoke", reason: "違反を確認" }).then((response) => response.status)).toBe(302);
      const approval = await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: approvalId! } });
      expect([approval.status, approval.version]).toEqual(["revoked", 3]);
      expect(await getDatabase().approvalOutbox.count({ where: { approvalId: approvalId! } })).toBe(2);
    });
  }
});

describe("[applicant] reports the outputs of an approved use", () => {
  it("refuses hostile text with nothing written, stores a report for the register, and not on another's application", async () => {
    const t = translator("en", "errors");
    const application = await createApplication();
    const cookie = await cookieFor(application.applicant.user, "en");
    const post = (id: string, fields: Record<string, string>) => settle(() => applicationAction({ request: formPost(`/applications/${id}`, fields, cookie), context: loadContext, params: { id } }));
    const refused = await post(application.id, { intent: "outputs", outputs: "Paper\u202E in Nature" });
    expect(refused.status).toBe(400);
    expect((await errorsOf(refused)).outputs?.join(" ")).toContain(t("field.directionControl", { codePoint: "U+202E" }));
    expect((await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: application.approvalId! } })).outputs).toBe("");
    expect((await post(application.id, { intent: "outputs", outputs: "Tanaka et al., J Hum Genet 2027." })).status).toBe(302);
    expect((await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: application.approvalId! } })).outputs).toBe("Tanaka et al., J Hum Genet 2027.");
    const other = await createApplication();
    expect((await post(other.id, { intent: "outputs", outputs: "not mine" })).status).toBe(404);
    expect((await getDatabase().dataAccessApproval.findUniqueOrThrow({ where: { id: other.approvalId! } })).outputs).toBe("");
  });
});

describe("[committee] a recused member reaches no detail, comment or vote on any of the review's routes", () => {
  it("sees only the recusal; every form they post is refused and recorded, nothing written", async () => {
    const secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
    const recused = await createUser({ role: "dac_expert" });
    const panel = await createUser({ role: "panel_member" });
    for (const [user, seat] of [[recused, "expert"], [panel, "panel"]] as const) await seatMember({ userId: user.id, seat, sex: "female", expertise: "", endsOn: null, actorUserId: secretariat.id, request });
    const application = await createApplication({ state: "submitted" });
    await getDatabase().dataAccessApplication.update({ where: { id: application.id }, data: { reviewRound: 0 } });
    await openReview({ applicationId: application.id, actorUserId: secretariat.id, request });
    await declareConflict({ userId: panel.id, applicationId: application.id, conflicted: false, note: "", request });
    await declareConflict({ userId: recused.id, applicationId: application.id, conflicted: true, note: "共同研究者", request });
    const secret = "パネル委員だけが読む意見";
    await getDatabase().applicationComment.create({ data: { applicationId: application.id, round: 1, authorId: panel.id, body: secret } });
    const cookie = await cookieFor(recused, "ja");
    const path = `/committee/applications/${application.id}`;
    const page = await settle(() => reviewLoader({ request: pageGet(path, cookie), context: loadContext, params: { id: application.id } }));
    const body = JSON.stringify(await page.json());
    expect(body).toContain('"view":"recused"');
    expect(body).not.toContain(secret);
    expect(body).not.toContain(application.content.laySummaryJa);
    const before = await getDatabase().auditEvent.count({ where: { actorUserId: recused.id, type: "access.review_changed", outcome: "failure" } });
    for (const [fields, status] of [
      [{ intent: "comment", body: "意見" }, 409],
      [{ intent: "vote", choice: "approve", rationale: "賛成" }, 409],
      // A second declaration is answered as done and changes nothing (checked below).
      [{ intent: "declare", conflicted: "no" }, 302],
    ] as const) {
      const response = await settle(() => reviewAction({ request: formPost(path, fields, cookie), context: loadContext, params: { id: application.id } }));
      expect(response.status, fields.intent).toBe(status);
    }
    // Closing and deciding are the chair's: refused before anything else.
    for (const fields of [{ intent: "close", confirm: "yes", expectedCast: "0" }, { intent: "decide", outcome: "approved", confirm: "yes" }] as Record<string, string>[]) {
      const response = await settle(() => reviewAction({ request: formPost(path, fields, cookie), context: loadContext, params: { id: application.id } }));
      expect(response.status, fields.intent).toBe(403);
    }
    expect(await getDatabase().applicationVote.count({ where: { applicationId: application.id } })).toBe(0);
    expect(await getDatabase().applicationComment.count({ where: { applicationId: application.id } })).toBe(1);
    // The declaration stands as made (a second one changes nothing), and the refusals are on record.
    expect((await getDatabase().conflictDeclaration.findUniqueOrThrow({ where: { applicationId_userId: { applicationId: application.id, userId: recused.id } } })).conflicted).toBe(true);
    expect(await getDatabase().auditEvent.count({ where: { actorUserId: recused.id, type: "access.review_changed", outcome: "failure" } })).toBeGreaterThanOrEqual(before + 2);
  });
});
