// Issue 55 defect 9 (ADR 118): full-width input is what a Japanese keyboard in kana mode types, and every form field
// that takes an e-mail address, a phone number, a number, a code, a date or a country reads it as the ASCII it stands
// for. Which fields those are comes from the schemas themselves: no form schema in app/ may declare such a field
// except through the shared helpers (app/domain/kernel/typed-input.ts), and each named form is posted full-width as
// the browser sends it, through its route's action where it writes, through the form's own schema (parsed as
// parseForm parses it) otherwise.
import { parseWithZod } from "@conform-to/zod/v4";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { translator } from "../../app/i18n/i18n";
import { ConfirmTotpSchema } from "../../app/domain/auth/enrol-totp.server";
import { SecondFactorSchema } from "../../app/domain/auth/verify-second-factor.server";
import { EnrolParticipantSchema } from "../../app/domain/consent/participants/enrolment/enrolment-schema";
import { EmailCodeSchema } from "../../app/domain/consent/participants/invitations/accept-invitation.server";
import { IdentityCheckSchema } from "../../app/domain/consent/participants/invitations/check-invitation-identity.server";
import { draftSettingsSchema } from "../../app/domain/consent/forms/form-draft-settings";
import { InviteFamilySchema } from "../../app/domain/family/family-schemas";
import { SeatMemberSchema } from "../../app/domain/access/committee/review-forms";
import { MinutesFieldsSchema } from "../../app/domain/panel-meetings/panel-meeting-forms";
import { RecontactCampaignSchema } from "../../app/domain/recontact/recontact-campaign-schema";
import { action as signUpAction } from "../../app/routes/applicant/applications.sign-up";
import { action as signInAction } from "../../app/routes/auth/sign-in._index";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

/** What a kana-mode keyboard types for ASCII: every printable character shifted to its full-width form. */
const fullWidth = (ascii: string) => ascii.replace(/[!-~]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)).replace(/ /g, "\u3000");

const appRoot = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

// Fields that take typed e-mail, numbers or codes, declared without the shared reading.
const bypasses = [/z\.email\(/, /z\.coerce\.number\(/, /z\.string\(\)\s*\.trim\(\)\s*\.regex\(/];

// Where such a declaration reads nothing a person typed into a form, and why.
const notTyped: Record<string, string> = {
  "env.server.ts": "the process environment",
  "wiring/demo/demo-file.ts": "the demo's own file, written by the app",
  "domain/mail/enqueue-mail.server.ts": "an address the app already holds",
  "domain/mail/send-mail.server.ts": "an address the app already holds",
  "domain/consultations/consultation-editor-form.ts": "the version the page wrote into a hidden field",
  "domain/consultations/consultation-report.ts": "the version the page wrote into a hidden field",
  "domain/transparency/reports/report-content.ts": "a section's index from the page's own button",
  "routes/staff/staff.reports.$id.tsx": "a section's index and version from the page's own fields",
  "routes/committee/committee.approvals.tsx": "the version the page wrote into a hidden field",
  "domain/consent/participants/enrolment/list-participants.server.ts": "a page number in a link",
  "routes/public/transparency._index.tsx": "the months of a link's query",
  "routes/public/transparency.releases.tsx": "a page number in a link",
  "routes/public/transparency.reports._index.tsx": "a page number in a link",
  "domain/jobs/retry-parked-job.server.ts": "a job's id from the page's own button",
  "domain/recontact/print-recontact-letters.server.ts": "a batch's id from the page's own button",
  "domain/kernel/typed-input.ts": "the shared reading itself",
};

describe("every typed e-mail, number and code field reads full-width input (ADR 118)", () => {
  it("no form schema in app/ declares one without the shared reading", () => {
    const found: string[] = [];
    for (const file of sourceFiles(appRoot)) {
      const relative = path.relative(appRoot, file).split(path.sep).join("/");
      if (relative in notTyped) continue;
      const source = readFileSync(file, "utf8");
      for (const pattern of bypasses) if (pattern.test(source)) found.push(`${relative}: ${pattern.source}`);
    }
    expect(found).toEqual([]);
    // And the list of exceptions names only files that still need it.
    for (const relative of Object.keys(notTyped)) {
      const source = readFileSync(path.join(appRoot, relative), "utf8");
      expect(bypasses.some((pattern) => pattern.test(source)) || relative === "domain/kernel/typed-input.ts", relative).toBe(true);
    }
  });

  /** A form's fields as the browser posts them, parsed as parseForm parses a posted form. */
  function parsed(schema: z.ZodType, fields: Record<string, string | string[]>) {
    const formData = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) formData.append(name, item);
    const submission = parseWithZod(formData, { schema });
    expect(submission.status, JSON.stringify(submission.reply().error)).toBe("success");
    return (submission as { value: Record<string, unknown> }).value;
  }

  it("the one-time codes: a mailed code, an authenticator's code at sign-in and when setting it up", () => {
    expect(parsed(EmailCodeSchema, { emailCode: fullWidth("123 456") }).emailCode).toBe("123456");
    expect(parsed(SecondFactorSchema, { method: "totp", code: fullWidth("123456") }).code).toBe("123456");
    expect(parsed(SecondFactorSchema, { method: "recovery_code", code: fullWidth("k3m9p-x2q7r") }).code).toBe("k3m9px2q7r");
    expect(parsed(ConfirmTotpSchema, { pendingKey: "p".repeat(40), code: fullWidth("123 456") }).code).toBe("123456");
  });

  it("the invitation code and the birth date it is checked against", () => {
    const value = parsed(IdentityCheckSchema, { code: fullWidth("ABCDE-12345"), birthYear: fullWidth("1958"), birthMonth: fullWidth("2"), birthDay: fullWidth("3") });
    expect(value).toMatchObject({ code: "ABCDE12345", birthYear: 1958, birthMonth: 2, birthDay: 3 });
  });

  it("enrolment: e-mail, phone (dashes as typed), record number, birth date", () => {
    const value = parsed(EnrolParticipantSchema, {
      fullName: "山田 花子",
      dateOfBirth: fullWidth("1960-04-01"),
      email: fullWidth("hanako@example.jp"),
      phone: "０３ー１２３４ー５６７８",
      medicalRecordNumber: fullWidth("MRN-0042"),
      preferredLanguage: "ja",
      programmeArea: "cancer",
      samples: ["blood"],
    });
    expect(value).toMatchObject({ dateOfBirth: "1960-04-01", email: "hanako@example.jp", phone: "03-1234-5678", medicalRecordNumber: "MRN-0042" });
  });

  it("ages, percentages, counts and a version number typed by staff; a family member's e-mail", () => {
    const campaign = parsed(RecontactCampaignSchema, { kind: "survey", title: "調査", messageJa: "本文", messageJaEasy: "ほんぶん", messageEn: "Text", enrolmentAgeMin: fullWidth("20"), enrolmentAgeMax: fullWidth("65") });
    expect(campaign).toMatchObject({ enrolmentAgeMin: 20, enrolmentAgeMax: 65 });
    expect(parsed(SeatMemberSchema, { intent: "seat", userId: "00000000-0000-4000-8000-000000000000", seat: "expert", sex: "undisclosed", endsOn: fullWidth("2027-03-31") })).toMatchObject({ endsOn: "2027-03-31" });
    expect(parsed(SeatMemberSchema, { intent: "rule", quorumPercent: fullWidth("50"), majorityPercent: fullWidth("66") })).toMatchObject({ quorumPercent: 50, majorityPercent: 66 });
    expect(parsed(MinutesFieldsSchema, { textJa: "議事録", textJaEasy: "ぎじろく", textEn: "Minutes", attendees: fullWidth("12") })).toMatchObject({ attendees: 12 });
    const settings = parsed(draftSettingsSchema({ otherVersions: [], choiceIds: [] }), { version: fullWidth("1.1"), kind: "minor", interimRule: "continue_previous", effectiveDate: fullWidth("2026-12-01") });
    expect(settings).toMatchObject({ version: "1.1", effectiveDate: "2026-12-01" });
    expect(parsed(InviteFamilySchema, { intent: "invite", fullName: "山田 太郎", email: fullWidth("taro@example.jp"), relationship: "spouse", scope: "updates", language: "ja" }).email).toBe("taro@example.jp");
  });

  it("[participant] signs in with the e-mail address typed full-width", async () => {
    const password = "correct horse battery";
    const user = await createUser({ role: "participant", password });
    const response = await settle(() =>
      signInAction({ request: formPost("/sign-in", { intent: "password", email: fullWidth(user.email), password }, ""), context: loadContext, params: {} }),
    );
    expect(response.status).toBe(302);
  });

  it("[applicant] signs up typing the country as 日本, ＪＰ or Japan: stored as JP; a name no one knows is refused in words", async () => {
    for (const [index, country] of ["日本", fullWidth("JP"), "Japan", "ｊａｐａｎ"].entries()) {
      const email = `applicant-${index}-${Date.now()}@example.test`;
      const response = await settle(() =>
        signUpAction({
          request: formPost("/applications/sign-up", { email: fullWidth(email), displayName: "照合 太郎", institution: "照合大学", country }, ""),
          context: loadContext,
          params: {},
        }),
      );
      expect(response.status, country).toBeLessThan(400);
      const user = await getDatabase().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      const profile = await getDatabase().applicantProfile.findUniqueOrThrow({ where: { userId: user.id } });
      expect(profile.country, country).toBe("JP");
    }
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const cookie = await cookieFor(null, language);
      const refused = await settle(() =>
        signUpAction({ request: formPost("/applications/sign-up", { email: `nowhere-${Date.now()}@example.test`, displayName: "照合 太郎", institution: "照合大学", country: "アトランティス" }, cookie), context: loadContext, params: {} }),
      );
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { result: { error: Record<string, string[]> } }).result.error.country).toEqual([translator(language, "errors")("field.countryName")]);
    }
  });
});
