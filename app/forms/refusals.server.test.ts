import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError, appErrorCodes, type AppErrorCode } from "../domain/kernel/app-error";
import { getFixedT } from "../i18n/i18n";
import { AccountRefusal, accountRefusalReasons } from "../domain/account/account-refusal";
import { ApprovalChangeRefusedError, approvalChangeRefusals } from "../domain/access/approvals/change-approval-status.server";
import { AnswersRefusedError } from "../domain/consultations/submit-consultation-response.server";
import { CaseStepRefusedError } from "../domain/findings/case-step-refused";
import { caseStepRefusals } from "../domain/findings/case-workflow";
import { ReportRefusal, reportRefusalCodes } from "../domain/transparency/reports/report-refusal";
import { invalidForm, notFound, notFoundOrForbidden, notProven, refusalStatus, refusalText, tooManyTries } from "./refusals.server";
import { answerRefusals, rememberSubmission, withRefusalAnswers, type RefusalAnswers } from "./refusal-answers.server";

const root = path.resolve(import.meta.dirname, "../..");
const languages = ["ja", "ja-easy", "en"] as const;
const messages = (language: string, namespace: string) => JSON.parse(readFileSync(path.join(root, "locales", language, `${namespace}.json`), "utf8"));

/** The enrolment page shows these on the field they concern, with its own texts (enrolment.json, `enrol.errors`). */
const shownByEnrolment: AppErrorCode[] = ["no_facility", "facility_required", "facility_not_allowed", "already_enrolled"];

/** What a form's `submission.reply` gives back, as Conform's does for a refusal above the form. */
const submission = { reply: (options?: { formErrors?: string[]; hideFields?: string[] }) => ({ status: "error" as const, error: { "": options?.formErrors ?? [] }, hidden: options?.hideFields }) };

/** The action data as the page's component would read it. */
const bodyOf = async (response: Response) => (await response.json()) as { step?: string; result: { error: Record<string, string[]>; hidden?: string[] } };

/** A form's refusal as the one adapter answers it (ADR 131): the action let it go after parseForm remembered the form. */
async function refusedForm(
  form: Parameters<typeof rememberSubmission>[0],
  error: unknown,
  t: Parameters<typeof rememberSubmission>[1],
  extra: Record<string, unknown> = {},
  options: Omit<RefusalAnswers, "extra"> = {},
): Promise<Response> {
  const route = withRefusalAnswers({
    default: () => null,
    action: async ({ request }: { request: Request }) => {
      rememberSubmission(form, t, request);
      answerRefusals({ extra, ...options });
      throw error;
    },
  });
  return (await route.action!({ request: new Request("http://localhost:3000/form", { method: "POST" }) })) as Response;
}

async function thrownBy(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (thrown) {
    return thrown;
  }
  return "nothing thrown";
}

describe("one way to refuse (ADR 092)", () => {
  it("gives every refusal code exactly one status, and no status to a code that does not exist", () => {
    expect(Object.keys(refusalStatus).sort()).toEqual([...appErrorCodes].sort());
    for (const status of Object.values(refusalStatus)) expect([400, 401, 403, 404, 409, 429]).toContain(status);
  });

  it("answers a sign-in step's too-many-tries and not-proven with the table's statuses, the wait in words and Retry-After, in each language", async () => {
    const submission = { reply: (options?: { formErrors?: string[]; hideFields?: string[] }) => ({ status: "error" as const, error: { "": options?.formErrors ?? [] } }) };
    const said = async (response: Response) => ((await response.json()) as { result: { error: Record<string, string[]> } }).result.error[""]![0];
    for (const language of languages) {
      const t = await getFixedT(language, "errors");
      const limited = tooManyTries(submission, 600, t, { intent: "password" });
      expect(limited.status).toBe(refusalStatus.rate_limited);
      expect(limited.headers.get("Retry-After")).toBe("600");
      expect(await said(limited)).toBe(t("signIn.rateLimitedMinutes", { count: 10 }));
      const wrong = notProven(submission, t("wrong_code"));
      expect(wrong.status).toBe(refusalStatus.reauthentication_required);
      expect(await said(wrong)).toBe(messages(language, "errors").wrong_code);
    }
  });

  it("leaves no route to write a 401 or 429 of its own: they come from the table", () => {
    const files = readdirSync(path.join(root, "app/routes"), { recursive: true, encoding: "utf8" }).filter((file) => /\.tsx?$/.test(file));
    expect(files.length).toBeGreaterThan(100);
    const own = files.filter((file) => /status: 4(01|29)\b/.test(readFileSync(path.join(root, "app/routes", file), "utf8")));
    expect(own).toEqual([]);
  });

  it("has every refusal's words in each language", () => {
    for (const language of languages) {
      const errors = messages(language, "errors");
      const enrolment = messages(language, "enrolment").enrol.errors;
      for (const code of appErrorCodes) {
        const text = shownByEnrolment.includes(code) ? enrolment[code] : errors[code];
        expect(typeof text === "string" && text.trim() !== "", `${language}: ${code}`).toBe(true);
      }
    }
  });

  it("turns a missing or someone else's record into the 404 or 403 page, and lets anything else through unchanged", async () => {
    const missing = await thrownBy(() => notFoundOrForbidden(new AppError("not_found")));
    expect(missing instanceof Response && missing.status).toBe(404);
    const noConsent = new AppError("consent_not_found");
    expect(await thrownBy(() => notFoundOrForbidden(noConsent))).toBe(noConsent);
    const noConsentHere = await thrownBy(() => notFoundOrForbidden(noConsent, ["consent_not_found"]));
    expect(noConsentHere instanceof Response && noConsentHere.status).toBe(404);
    const forbidden = await thrownBy(() => notFoundOrForbidden(new AppError("forbidden")));
    expect(forbidden instanceof Response && forbidden.status).toBe(403);
    const conflict = new AppError("form_not_editable");
    expect(await thrownBy(() => notFoundOrForbidden(conflict))).toBe(conflict);
    const bug = new TypeError("a bug");
    expect(await thrownBy(() => notFoundOrForbidden(bug))).toBe(bug);
    expect(notFound().status).toBe(404);
  });

  it("shows a form's refusal above the form in the reader's language, with the table's status and the page's own data", async () => {
    const t = await getFixedT("en", "errors");
    const answer = await refusedForm(submission, new AppError("consultation_edited_meanwhile"), t, { step: "edit" as const });
    expect(answer.status).toBe(409);
    const body = await bodyOf(answer);
    expect(body.step).toBe("edit");
    expect(body.result.error[""]).toEqual([messages("en", "errors").consultation_edited_meanwhile]);
    const japanese = await bodyOf(await refusedForm(submission, new AppError("update_language_missing"), await getFixedT("ja", "errors")));
    expect(japanese.result.error[""]).toEqual([messages("ja", "errors").update_language_missing]);
    const hidden = await bodyOf(await refusedForm(submission, new AppError("wrong_password"), t, {}, { hideFields: ["password"] }));
    expect(hidden.result.hidden).toEqual(["password"]);
  });

  it("never shows a missing record or a bug as a form's refusal", async () => {
    const t = await getFixedT("en", "errors");
    const missing = await thrownBy(() => refusedForm(submission, new AppError("not_found"), t));
    expect(missing instanceof Response && missing.status).toBe(404);
    const sent = await bodyOf((await refusedForm(submission, new AppError("forbidden"), t, {}, { aboutWhatWasSent: ["forbidden"] })).clone());
    expect(sent.result.error[""]).toEqual([messages("en", "errors").forbidden]);
    expect((await refusedForm(submission, new AppError("forbidden"), t, {}, { aboutWhatWasSent: ["forbidden"] })).status).toBe(400);
    const page = await thrownBy(() => refusedForm(submission, new AppError("forbidden"), t));
    expect(page instanceof Response && page.status).toBe(403);
    const redirect = new Response(null, { status: 302, headers: { Location: "/done" } });
    expect(await thrownBy(() => refusedForm(submission, redirect, t))).toBe(redirect);
  });

  // Each family of reasons under one code, with where its sentences are (ADR 092, second part).
  const families = [
    { name: "account", reasons: accountRefusalReasons, make: (reason: string) => new AccountRefusal(reason as never), file: "admin", prefix: "refusals" },
    { name: "approval", reasons: approvalChangeRefusals, make: (reason: string) => new ApprovalChangeRefusedError(reason as never), file: "access", prefix: "approvalRefusals" },
    { name: "case step", reasons: caseStepRefusals, make: (reason: string) => new CaseStepRefusedError(reason as never), file: "findings", prefix: "refusal" },
    { name: "report", reasons: reportRefusalCodes, make: (reason: string) => new ReportRefusal(reason as never), file: "reports", prefix: "refusals" },
  ] as const;

  it("says every reason of every family in its own words, in each language, never a bare key", async () => {
    for (const language of languages) {
      const t = await getFixedT(language, "errors");
      for (const family of families) {
        const sentences = messages(language, family.file)[family.prefix] as Record<string, string>;
        for (const reason of family.reasons) {
          const text = refusalText(family.make(reason), t, { email: "someone@example.org" });
          expect(text, `${language} ${family.name} ${reason}`).not.toContain(`${family.prefix}.`);
          expect(text.trim(), `${language} ${family.name} ${reason}`).not.toBe("");
          expect(sentences[reason], `${language} ${family.name} ${reason}`).toBeDefined();
        }
      }
    }
  });

  it("shows a family's refusal above the form in its own words with its code's status, or on the field it concerns", async () => {
    const t = await getFixedT("ja", "errors");
    const approval = await refusedForm(submission, new ApprovalChangeRefusedError("changed_meanwhile"), t);
    expect(approval.status).toBe(409);
    expect((await bodyOf(approval)).result.error[""]).toEqual([messages("ja", "access").approvalRefusals.changed_meanwhile]);
    const unknownApproval = await thrownBy(() => refusedForm(submission, new ApprovalChangeRefusedError("not_found"), t));
    expect(unknownApproval instanceof Response && unknownApproval.status).toBe(404);
    const onField = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => ({ status: "error" as const, error: { "": options?.formErrors ?? [], ...options?.fieldErrors } }) };
    const report = await refusedForm(onField, new ReportRefusal("slug_taken"), t, {}, { field: { report_refused: "slug" } });
    expect(report.status).toBe(409);
    const reportBody = (await report.json()) as { result: { error: Record<string, string[]> } };
    expect(reportBody.result.error).toEqual({ "": [], slug: [messages("ja", "reports").refusals.slug_taken] });
    const step = await refusedForm(submission, new CaseStepRefusedError("content_sealed"), t, { intent: "record_disclosure" });
    expect(step.status).toBe(409);
    expect((await bodyOf(step)).result.error[""]).toEqual([messages("ja", "findings").refusal.content_sealed]);
    expect((await refusedForm(submission, new AnswersRefusedError([]), t)).status).toBe(400);
    const schedule = await refusedForm(onField, new ReportRefusal("publish_at_not_ahead"), t, {}, { field: { "reports:refusals.publish_at_not_ahead": "publishAt" } });
    expect(((await schedule.json()) as { result: { error: Record<string, string[]> } }).result.error.publishAt).toEqual([messages("ja", "reports").refusals.publish_at_not_ahead]);
    const otherReason = await refusedForm(onField, new ReportRefusal("slug_taken"), t, {}, { field: { "reports:refusals.publish_at_not_ahead": "publishAt" } });
    expect(((await otherReason.json()) as { result: { error: Record<string, string[]> } }).result.error[""]).toEqual([messages("ja", "reports").refusals.slug_taken]);
  });

  it("answers a form that did not pass its schema with its fields' messages and 400, beside the page's own data", async () => {
    const failed = { reply: (options?: { hideFields?: string[] }) => ({ status: "error" as const, error: { name: ["Please fill this in."] }, hidden: options?.hideFields }) };
    const answer = invalidForm(failed, { step: "edit" as const }, { hideFields: ["password"] });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ step: "edit", result: { status: "error", error: { name: ["Please fill this in."] }, hidden: ["password"] } });
  });

  it("says a list item's message on the list too, where a page shows a group of tick boxes' message (issue 54 item 6)", async () => {
    const choose = "This is not one of the choices offered.";
    const failed = { reply: () => ({ status: "error" as const, error: { "audiences[1]": [choose], "audiences[3]": [choose], "questions[0].kind": [choose] } }) };
    const body = (await invalidForm(failed).json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error).toEqual({ "audiences[1]": [choose], "audiences[3]": [choose], audiences: [choose], "questions[0].kind": [choose] });
  });
});
