import { readFileSync } from "node:fs";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "../../app/auth/session-cookie.server";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { createFormDraft, importFormDraft } from "../../app/domain/consent/forms/create-form-draft.server";
import { FormContentSchema, type FormContent } from "@tsunagi/consent-rules/form-content";
import { settingsOf, type DraftSettings } from "../../app/domain/consent/forms/form-draft-settings";
import { applyDraftText, draftTextFields, draftTextSchema, splitParagraphs, type DraftTextFields } from "../../app/domain/consent/forms/form-draft-text";
import { PROGRAMME_FORM_KEY } from "../../app/domain/consent/forms/load-form-version.server";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { loadFormDraft } from "../../app/domain/consent/forms/update-form-draft.server";
import { createSession } from "../../app/domain/session/create-session.server";
import { formErrorMap } from "../../app/forms/form-error-map";
import { translator } from "../../app/i18n/i18n";
import { languageCookie } from "../../app/i18n/language.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { action as deleteAction } from "../../app/routes/staff/staff.forms.$id.delete";
import { action as editAction } from "../../app/routes/staff/staff.forms.$id.edit";
import { action as publishAction } from "../../app/routes/staff/staff.forms.$id.publish";
import { action as settingsAction } from "../../app/routes/staff/staff.forms.$id.settings";
import { action as newDraftAction } from "../../app/routes/staff/staff.forms.new";
import { createUser, requestFrom, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { settle } from "../support/route-requests";

useTestDatabase();
useTempDataDir();

// The forms are driven through the routes' actions with a real session cookie, as a browser without JavaScript would
// post them, so what is checked is what staff see: the translated message beside the field, and nothing stored.

const context = { clientAddress: "127.0.0.1", cspNonce: "" } as AppLoadContext;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

let staff: CreatedUser;
let draftId: string;

function seededContent(version: "1.0"): FormContent {
  const url = new URL(`../../prisma/seed-data/consent-forms/wgs-cancer-${version}.json`, import.meta.url);
  return FormContentSchema.parse(JSON.parse(readFileSync(url, "utf8")));
}

beforeAll(async () => {
  staff = await createUser({ role: "elsi_staff", withTotp: true });
  const audit = { actorUserId: staff.id, ...requestFrom() };
  const first = await importFormDraft({ content: seededContent("1.0"), createdById: staff.id, context: audit });
  await publishFormVersion({ formVersionId: first.id, publishedById: staff.id, actorRole: "elsi_staff", context: audit });
  const base = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: first.id } });
  const settings: DraftSettings = { ...settingsOf(FormContentSchema.parse(base.content)), version: "1.1", kind: "minor", effectiveDate: "2026-07-01" };
  draftId = (await createFormDraft({ formKey: PROGRAMME_FORM_KEY, settings, createdById: staff.id, context: audit })).id;
});

async function cookieFor(user: CreatedUser, language: SupportedLanguage, options: { signedInAt?: Date } = {}): Promise<string> {
  const { token } = await createSession(getDatabase(), { userId: user.id, role: user.role, secondFactorVerified: true, now: options.signedInAt });
  const session = (await sessionCookie().serialize(token)).split(";")[0];
  const lang = (await languageCookie.serialize(language)).split(";")[0];
  return `${session}; ${lang}`;
}

/** Posts a form to an action and returns its response, whether the action returned or threw it. */
async function post(action: Action, path: string, form: FormData | Record<string, string | string[]>, cookie: string): Promise<Response> {
  let body = form;
  if (!(form instanceof FormData)) {
    body = new FormData();
    for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
  }
  const request = new Request(`http://localhost${path}`, { method: "POST", body: body as FormData, headers: { Cookie: cookie } });
  const params = { id: path.split("/")[3] };
  // As the server runs it: a refusal the action lets go is answered by the one adapter (ADR 131).
  return settle(() => action({ request, context, params }), { request });
}

interface Reply {
  result: { status: string; error?: Record<string, string[] | null> };
}

async function errorsOf(response: Response): Promise<Record<string, string[] | null>> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as Reply;
  return body.result.error ?? {};
}

function textForm(fields: DraftTextFields, revision: string): FormData {
  const form = new FormData();
  form.append("revision", revision);
  form.append("title", fields.title);
  form.append("summary", fields.summary);
  fields.sections.forEach((section, index) => {
    form.append(`sections[${index}].heading`, section.heading);
    form.append(`sections[${index}].paragraphs`, section.paragraphs);
  });
  fields.questions.forEach((question, index) => {
    form.append(`questions[${index}].prompt`, question.prompt);
    question.options.forEach((option, optionIndex) => form.append(`questions[${index}].options[${optionIndex}]`, option));
    form.append(`questions[${index}].explanation`, question.explanation);
  });
  fields.choices.forEach((choice, index) => {
    form.append(`choices[${index}].title`, choice.title);
    form.append(`choices[${index}].explanation`, choice.explanation);
    choice.options.forEach((option, optionIndex) => form.append(`choices[${index}].options[${optionIndex}]`, option));
  });
  form.append("signatureStatement", fields.signatureStatement);
  return form;
}

async function storedDraft() {
  const row = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draftId } });
  return { content: FormContentSchema.parse(row.content), revision: row.updatedAt.toISOString() };
}

async function auditCount(type: "consent_form.draft_saved" | "consent_form.published" | "consent_form.draft_deleted") {
  return getDatabase().auditEvent.count({ where: { type, actorUserId: staff.id } });
}

const en = translator("en", "forms");
const enErrors = translator("en", "errors");

describe("editing a draft's wording", () => {
  it("saves one section's English text, leaves every other language and the structure alone, and audits it", async () => {
    const before = await storedDraft();
    const fields = draftTextFields(before.content, "en");
    fields.sections[2]!.paragraphs = "A first paragraph, rewritten.\r\n\r\nA second one,\r\non two lines.";
    const saves = await auditCount("consent_form.draft_saved");

    const response = await post(editAction, `/staff/forms/${draftId}/edit?lang=en`, textForm(fields, before.revision), await cookieFor(staff, "en"));

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/staff/forms/${draftId}/edit?lang=en&notice=saved`);
    const after = await storedDraft();
    expect(after.content.languages.en.sections[2]!.paragraphs).toEqual(["A first paragraph, rewritten.", "A second one,\non two lines."]);
    expect(after.content.languages.en.sections.map((section) => section.id)).toEqual(before.content.languages.en.sections.map((section) => section.id));
    expect(after.content.languages.ja).toEqual(before.content.languages.ja);
    expect(after.content.languages["ja-easy"]).toEqual(before.content.languages["ja-easy"]);
    expect({ ...after.content, languages: null }).toEqual({ ...before.content, languages: null });
    expect(await auditCount("consent_form.draft_saved")).toBe(saves + 1);
  });

  const badInputs: [string, (fields: DraftTextFields) => void, string, string][] = [
    ["an empty title", (fields) => (fields.title = "   "), "title", enErrors("field.required")],
    ["a heading over 300 characters", (fields) => (fields.sections[1]!.heading = "h".repeat(301)), "sections[1].heading", enErrors("field.tooLong", { max: 300 })],
    ["a script tag", (fields) => (fields.sections[0]!.paragraphs = 'Read this.\n\n<script>alert("x")</script>'), "sections[0].paragraphs", en("errors.markup")],
    ["an HTML tag in an answer label", (fields) => (fields.choices[0]!.options[0] = 'Yes <img src=x onerror="alert(1)">'), "choices[0].options[0]", en("errors.markup")],
    ["a control character", (fields) => (fields.signatureStatement = "I consent\u0000."), "signatureStatement", en("errors.markup")],
    ["41 paragraphs in a section", (fields) => (fields.sections[3]!.paragraphs = Array.from({ length: 41 }, (_, i) => `Paragraph ${i}.`).join("\n\n")), "sections[3].paragraphs", en("errors.tooManyParagraphs", { max: "40" })],
    ["a paragraph over 4000 characters", (fields) => (fields.summary = `Short.\n\n${"x".repeat(4001)}`), "summary", en("errors.paragraphTooLong", { max: "4000", number: "2" })],
    ["an empty question explanation", (fields) => (fields.questions[1]!.explanation = ""), "questions[1].explanation", enErrors("field.required")],
  ];

  it.each(badInputs)("refuses %s with a translated message beside the field, and stores nothing", async (_name, spoil, field, message) => {
    const before = await storedDraft();
    const fields = draftTextFields(before.content, "en");
    spoil(fields);
    const saves = await auditCount("consent_form.draft_saved");

    const errors = await errorsOf(await post(editAction, `/staff/forms/${draftId}/edit?lang=en`, textForm(fields, before.revision), await cookieFor(staff, "en")));

    expect(errors[field]).toEqual([message]);
    expect(await storedDraft()).toEqual(before);
    expect(await auditCount("consent_form.draft_saved")).toBe(saves);
  });

  const tampered: [string, (form: FormData) => void, string][] = [
    ["a section removed", (form) => (form.delete("sections[13].heading"), form.delete("sections[13].paragraphs")), en("errors.structure")],
    ["a section added", (form) => (form.append("sections[14].heading", "Extra"), form.append("sections[14].paragraphs", "Extra text.")), en("errors.structure")],
    ["an answer removed from a question", (form) => form.delete("questions[0].options[2]"), en("errors.structure")],
    ["an answer label added to a choice", (form) => form.append("choices[0].options[2]", "Maybe"), en("errors.structure")],
    ["a choice removed", (form) => (form.delete("choices[14].title"), form.delete("choices[14].explanation"), form.delete("choices[14].options[0]"), form.delete("choices[14].options[1]")), en("errors.structure")],
    ["a revision from someone else's earlier save", (form) => form.set("revision", new Date(0).toISOString()), en("errors.staleDraft")],
    ["a revision that is not a date", (form) => form.set("revision", "<script>"), en("errors.staleDraft")],
  ];

  it.each(tampered)("refuses a post with %s as a whole, and stores nothing", async (_name, tamper, message) => {
    const before = await storedDraft();
    const form = textForm(draftTextFields(before.content, "en"), before.revision);
    form.set("title", "A title that must not be saved");
    tamper(form);

    const errors = await errorsOf(await post(editAction, `/staff/forms/${draftId}/edit?lang=en`, form, await cookieFor(staff, "en")));

    expect(errors[""]).toEqual([message]);
    expect(await storedDraft()).toEqual(before);
  });

  it("answers in the reader's language", async () => {
    const before = await storedDraft();
    const fields = draftTextFields(before.content, "ja");
    fields.title = "";
    fields.sections[0]!.heading = "<b>見出し</b>";
    const errors = await errorsOf(await post(editAction, `/staff/forms/${draftId}/edit?lang=ja`, textForm(fields, before.revision), await cookieFor(staff, "ja")));
    expect(errors.title).toEqual([translator("ja", "errors")("field.required")]);
    expect(errors["sections[0].heading"]).toEqual([translator("ja", "forms")("errors.markup")]);
    expect(await storedDraft()).toEqual(before);
  });

  it("a language that is not offered is not a page", async () => {
    const before = await storedDraft();
    const response = await post(editAction, `/staff/forms/${draftId}/edit?lang=fr`, textForm(draftTextFields(before.content, "en"), before.revision), await cookieFor(staff, "en"));
    expect(response.status).toBe(404);
  });

  it("whatever text is typed into a field, it is either stored exactly as the schema reads it or refused with a message", () => {
    // Property over the schema as the route uses it: Conform's parsing, the translated error map, then the content schema.
    const content = seededContent("1.0");
    const base = draftTextFields(content, "en");
    const schema = draftTextSchema(content, "en", (problem, values) => en(`errors.${problem}`, values));
    const tokens = fc.constantFrom("<", "script>", "</p>", "<!--", "a", "あ", " ", "\u3000", "\n", "\n\n", "\r\n", "\u0000", "\u0007", "\t", ">", "&lt;", "x".repeat(150));
    const typed = fc.oneof(fc.string({ unit: "grapheme", maxLength: 320 }), fc.array(tokens, { maxLength: 12 }).map((parts) => parts.join("")));
    fc.assert(
      fc.property(typed, fc.constantFrom("title", "sections[4].heading", "choices[6].title"), (value, name) => {
        const form = textForm(base, "revision");
        form.set(name, value);
        const submission = parseWithZod(form, { schema, error: formErrorMap(enErrors) });
        const trimmed = value.trim();
        const control = [...trimmed].some((character) => {
          const code = character.codePointAt(0)!;
          return (code < 0x20 && !["\t", "\n", "\r"].includes(character)) || code === 0x7f;
        });
        const acceptable = trimmed.length > 0 && trimmed.length <= 300 && !/<\s*[a-z!/?]/i.test(trimmed) && !control;
        if (submission.status === "success") {
          expect(acceptable).toBe(true);
          const saved = applyDraftText(content, "en", submission.value);
          expect(FormContentSchema.safeParse(saved).success).toBe(true);
          const stored = name === "title" ? saved.languages.en.title : name.startsWith("sections") ? saved.languages.en.sections[4]!.heading : saved.languages.en.choices["share.international"]!.title;
          expect(stored).toBe(trimmed);
        } else {
          expect(acceptable).toBe(false);
          const messages = submission.error?.[name] ?? [];
          expect(messages.length).toBeGreaterThan(0);
          for (const message of messages) expect(message).toMatch(/^[A-Z]/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("whatever a section's text is, a post either stores its paragraphs or leaves the draft untouched", async () => {
    const cookie = await cookieFor(staff, "en");
    const paragraph = fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), fc.constantFrom("<script>x</script>", "\u0000", "  ", "x".repeat(4001)));
    const text = fc.array(paragraph, { minLength: 0, maxLength: 4 }).map((parts) => parts.join("\n\n"));
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const before = await storedDraft();
        const fields = draftTextFields(before.content, "en");
        fields.sections[5]!.paragraphs = value;
        const response = await post(editAction, `/staff/forms/${draftId}/edit?lang=en`, textForm(fields, before.revision), cookie);
        const after = await storedDraft();
        if (response.status === 302) {
          expect(after.content.languages.en.sections[5]!.paragraphs).toEqual(splitParagraphs(value));
        } else {
          expect(response.status).toBe(400);
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("a draft's settings", () => {
  const settingsPath = () => `/staff/forms/${draftId}/settings`;
  const valid = { version: "1.1", kind: "minor", interimRule: "continue_previous", effectiveDate: "2026-07-01" };

  const bad: [string, Record<string, string | string[]>, string, string][] = [
    ["a version that is not after 1.0", { ...valid, version: "1.0" }, "version", en("errors.versionNotAfter", { latest: "1.0", expected: "1.1" })],
    ["a minor version with a new first number", { ...valid, version: "2.0" }, "version", en("errors.versionForMinor", { latest: "1.0", expected: "1.1" })],
    ["a major version without one", { ...valid, kind: "major", version: "1.2" }, "version", en("errors.versionForMajor", { latest: "1.0", expected: "2.0" })],
    ["a version that is not a number", { ...valid, version: "1.1<script>" }, "version", enErrors("field.format")],
    ["an effective date before the published version's", { ...valid, effectiveDate: "2026-03-31" }, "effectiveDate", en("errors.effectiveBefore", { date: "2026-04-01" })],
    ["a choice the form does not offer", { ...valid, kind: "major", version: "2.0", affectsChoiceIds: ["share.international", "share.mars"] }, "affectsChoiceIds", en("errors.unknownChoice")],
    ["a preference, which grants nothing", { ...valid, kind: "major", version: "2.0", affectsChoiceIds: "recontact.channel" }, "affectsChoiceIds", en("errors.unknownChoice")],
    ["a kind that does not exist", { ...valid, kind: "huge" }, "kind", enErrors("field.choose")],
  ];

  it.each(bad)("refuses %s beside the field, and stores nothing", async (_name, form, field, message) => {
    const before = await storedDraft();
    const errors = await errorsOf(await post(settingsAction, settingsPath(), { ...form, revision: before.revision }, await cookieFor(staff, "en")));
    expect(errors[field]).toEqual([message]);
    expect(await storedDraft()).toEqual(before);
  });

  it("saves a change to major, naming the choices it concerns, and keeps the signature statement on the new version", async () => {
    const before = await storedDraft();
    const form = { version: "2.0", kind: "major", interimRule: "pause_new_uses", affectsChoiceIds: ["share.international"], effectiveDate: "2026-10-01", revision: before.revision };
    const response = await post(settingsAction, settingsPath(), form, await cookieFor(staff, "en"));
    expect(response.status).toBe(302);
    const after = (await storedDraft()).content;
    expect(after).toMatchObject({ version: "2.0", kind: "major", interimRule: "pause_new_uses", affectsChoiceIds: ["share.international"], effectiveDate: "2026-10-01" });
    for (const language of ["ja", "ja-easy", "en"] as const) {
      expect(after.languages[language].signatureStatement).toContain("2.0");
      expect(after.languages[language].signatureStatement).not.toContain("1.1");
    }
    const row = await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draftId } });
    expect({ version: row.version, kind: row.kind, effectiveDate: row.effectiveDate.toISOString().slice(0, 10) }).toEqual({ version: "2.0", kind: "major", effectiveDate: "2026-10-01" });

    const back = { ...valid, revision: (await storedDraft()).revision };
    expect((await post(settingsAction, settingsPath(), back, await cookieFor(staff, "en"))).status).toBe(302);
    expect((await storedDraft()).content).toMatchObject({ version: "1.1", kind: "minor", affectsChoiceIds: [] });
  });
});

describe("only one open draft", () => {
  it("sends 'new draft' to the open one, and the domain refuses a second", async () => {
    const response = await post(newDraftAction, "/staff/forms/new", { version: "1.2", kind: "minor", interimRule: "continue_previous", effectiveDate: "2026-07-01" }, await cookieFor(staff, "en"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/staff/forms/${draftId}?notice=draftOpen`);
    const settings: DraftSettings = { version: "1.2", kind: "minor", interimRule: "continue_previous", affectsChoiceIds: [], effectiveDate: "2026-07-01" };
    await expect(createFormDraft({ formKey: PROGRAMME_FORM_KEY, settings, createdById: staff.id, context: { actorUserId: staff.id } })).rejects.toEqual(new AppError("form_draft_open"));
    expect(await getDatabase().consentFormVersion.count({ where: { formKey: PROGRAMME_FORM_KEY, status: "draft" } })).toBe(1);
  });
});

describe("publishing through the page", () => {
  const publishPath = () => `/staff/forms/${draftId}/publish`;

  it("refuses someone without forms:manage", async () => {
    const coordinator = await createUser({ role: "coordinator", withTotp: true });
    const response = await post(publishAction, publishPath(), { confirmVersion: "1.1" }, await cookieFor(coordinator, "en"));
    expect(response.status).toBe(403);
    expect((await loadFormDraft(draftId)).content.version).toBe("1.1");
  });

  it("asks for a fresh sign-in when the last one is over ten minutes old", async () => {
    const cookie = await cookieFor(staff, "en", { signedInAt: new Date(Date.now() - 15 * 60_000) });
    const response = await post(publishAction, publishPath(), { confirmVersion: "1.1" }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent(publishPath())}`);
    expect((await loadFormDraft(draftId)).content.version).toBe("1.1");
  });

  it("needs the version number typed exactly", async () => {
    for (const typed of ["", "1.2", "v1.1", "1.1<script>"]) {
      const errors = await errorsOf(await post(publishAction, publishPath(), { confirmVersion: typed }, await cookieFor(staff, "en")));
      expect(errors.confirmVersion, typed).toEqual([typed === "" ? enErrors("field.required") : en("errors.confirmMismatch", { version: "1.1" })]);
    }
    expect(await auditCount("consent_form.published")).toBe(1);
  });

  it("publishes with the version typed, and the result can no longer be edited or deleted", async () => {
    const response = await post(publishAction, publishPath(), { confirmVersion: " 1.1 " }, await cookieFor(staff, "en"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/staff/forms/${draftId}?notice=published`);
    await expect(loadFormDraft(draftId)).rejects.toEqual(new AppError("form_not_editable"));

    const cookie = await cookieFor(staff, "en");
    const edit = await post(editAction, `/staff/forms/${draftId}/edit?lang=en`, { title: "Changed" }, cookie);
    expect(edit.headers.get("Location")).toBe(`/staff/forms/${draftId}?notice=notEditable`);
    const remove = await post(deleteAction, `/staff/forms/${draftId}/delete`, {}, cookie);
    expect(remove.headers.get("Location")).toBe(`/staff/forms/${draftId}?notice=notEditable`);
    expect(await getDatabase().consentFormVersion.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "published" });
  });
});

describe("deleting a draft", () => {
  it("removes it, audits it, and lets the next draft be opened", async () => {
    const cookie = await cookieFor(staff, "en");
    const created = await post(newDraftAction, "/staff/forms/new", { version: "1.2", kind: "minor", interimRule: "continue_previous", effectiveDate: "2026-07-01" }, cookie);
    expect(created.status).toBe(302);
    const id = /\/staff\/forms\/([0-9a-f-]+)\?notice=created$/.exec(created.headers.get("Location") ?? "")?.[1];
    expect(id).toBeDefined();

    const deleted = await post(deleteAction, `/staff/forms/${id}/delete`, {}, cookie);
    expect(deleted.headers.get("Location")).toBe("/staff/forms?notice=deleted");
    expect(await getDatabase().consentFormVersion.count({ where: { id } })).toBe(0);
    expect(await auditCount("consent_form.draft_deleted")).toBe(1);
  });
});
