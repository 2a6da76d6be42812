// Issue 15 (ADR 043): the secretariat at /committee/applicants verifies an applicant's institution and refuses (or
// accepts again) new applications from them — a sanction under the data policy — through the real page over HTTP.
// Bad input is a translated sentence and writes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { createApplicant, type CreatedApplicant } from "../factories/data-access-factory";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserPages } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();
const http = browserPages(() => app.origin, () => getEnv().APP_URL, 9300);
const path = "/committee/applicants";

let secretariat: CreatedUser;
let cookie: string;

beforeAll(async () => {
  secretariat = await createUser({ role: "dac_secretariat", withTotp: true });
  cookie = await signedInCookie(secretariat);
});

const profileOf = (applicant: CreatedApplicant) => getDatabase().applicantProfile.findUniqueOrThrow({ where: { userId: applicant.user.id } });
const auditCount = (applicant: CreatedApplicant) => getDatabase().auditEvent.count({ where: { subjectUserId: applicant.user.id, type: { startsWith: "access.applicant" } } });

describe("verifying an applicant", () => {
  it("lists the applicant as not verified, then verified once, with one audit row", async () => {
    const applicant = await createApplicant({ verified: false, institution: "照合大学 検証学部" });
    const page = (await http("GET", path, cookie)).body.toString();
    expect(page).toContain("照合大学 検証学部");
    expect(page).toContain(applicant.user.email);

    const first = await http("POST", path, cookie, { intent: "verify", applicantId: applicant.user.id });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`${path}?notice=verified`);
    const profile = await profileOf(applicant);
    expect(profile.verifiedAt).not.toBeNull();
    expect(profile.verifiedById).toBe(secretariat.id);

    const again = await http("POST", path, cookie, { intent: "verify", applicantId: applicant.user.id });
    expect(again.location).toBe(`${path}?notice=already_verified`);
    expect((await profileOf(applicant)).verifiedAt).toEqual(profile.verifiedAt);
    const rows = await getDatabase().auditEvent.findMany({ where: { subjectUserId: applicant.user.id, type: "access.applicant_verified" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorUserId).toBe(secretariat.id);
  });
});

describe("refusing new applications, and accepting them again", () => {
  it("records when and why, shows it on the page, and lifts it with a reason of its own", async () => {
    const applicant = await createApplicant();
    const refused = await http("POST", path, cookie, { intent: "refuse", applicantId: applicant.user.id, reason: "データ利活用ポリシー違反（目的外利用）" });
    expect(refused.location).toBe(`${path}?notice=refused`);
    const profile = await profileOf(applicant);
    expect(profile.applicationsRefusedAt).not.toBeNull();
    expect(profile.applicationsRefusedWhy).toBe("データ利活用ポリシー違反（目的外利用）");
    const page = (await http("GET", `${path}?notice=refused`, cookie)).body.toString();
    expect(page).toContain(translator("ja", "register")("applicants.notices.refused"));
    expect(page).toContain("データ利活用ポリシー違反（目的外利用）");

    const twice = await http("POST", path, cookie, { intent: "refuse", applicantId: applicant.user.id, reason: "二度目" });
    expect(twice.location).toBe(`${path}?notice=already_refused`);
    expect((await profileOf(applicant)).applicationsRefusedWhy).toBe("データ利活用ポリシー違反（目的外利用）");

    const allowed = await http("POST", path, cookie, { intent: "allow", applicantId: applicant.user.id, reason: "調査の結果、違反なし" });
    expect(allowed.location).toBe(`${path}?notice=allowed`);
    expect(await profileOf(applicant)).toMatchObject({ applicationsRefusedAt: null, applicationsRefusedWhy: null });

    const changes = await getDatabase().auditEvent.findMany({ where: { subjectUserId: applicant.user.id, type: "access.applicant_applications_changed" }, orderBy: { occurredAt: "asc" } });
    expect(changes.map((row) => row.detail)).toEqual([
      { applicantId: applicant.user.id, change: "refused", reason: "データ利活用ポリシー違反（目的外利用）" },
      { applicantId: applicant.user.id, change: "allowed", reason: "調査の結果、違反なし" },
    ]);
  });
});

describe("bad input: a translated sentence, nothing written", () => {
  const cases: { name: string; reason: string; sentence: (language: "ja" | "en") => string }[] = [
    { name: "an empty reason", reason: "", sentence: (language) => translator(language, "errors")("field.required") },
    { name: "a reason of spaces", reason: "   ", sentence: (language) => translator(language, "errors")("field.required") },
    { name: "an oversized reason", reason: "違".repeat(1001), sentence: (language) => translator(language, "errors")("field.tooLongText", { max: 1000, length: 1001 }) },
    { name: "a right-to-left override", reason: "理由\u202Eです", sentence: (language) => translator(language, "errors")("field.directionControl", { codePoint: "U+202E" }) },
    { name: "a control character", reason: "理由\u0007です", sentence: (language) => translator(language, "errors")("field.controlCharacter", { codePoint: "U+0007" }) },
    { name: "a NUL", reason: "理由\u0000です", sentence: (language) => translator(language, "errors")("field.controlCharacter", { codePoint: "U+0000" }) },
  ];

  it.each(cases)("$name", async ({ reason, sentence }) => {
    const applicant = await createApplicant();
    for (const language of ["ja", "en"] as const) {
      const answer = await http("POST", path, await signedInCookie(secretariat, language), { intent: "refuse", applicantId: applicant.user.id, reason });
      expect(answer.status).toBe(400);
      const html = answer.body.toString();
      expect(html).toContain(escapeHtml(sentence(language)));
      expect(html).toContain('aria-invalid="true"');
    }
    expect((await profileOf(applicant)).applicationsRefusedAt).toBeNull();
    expect(await auditCount(applicant)).toBe(0);
  });

  it("a tampered form (no such intent, an id that is not one, an unknown applicant) is refused, nothing written", async () => {
    const applicant = await createApplicant({ verified: false });
    const invalid = translator("ja", "register")("applicants.errors.invalid");
    const forms: Record<string, string>[] = [{ intent: "delete", applicantId: applicant.user.id }, { intent: "verify", applicantId: "x'<b>.." }, { intent: "verify" }];
    for (const form of forms) {
      const answer = await http("POST", path, cookie, form);
      expect(answer.status).toBe(400);
      expect(answer.body.toString()).toContain(invalid);
    }
    const unknown = await http("POST", path, cookie, { intent: "verify", applicantId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString()).toContain(translator("ja", "register")("applicants.errors.not_found"));
    expect((await profileOf(applicant)).verifiedAt).toBeNull();
    expect(await auditCount(applicant)).toBe(0);
  });
});

describe("who may", () => {
  it("only the secretariat: the chair, a panel member, an applicant and an ELSI officer are refused, and nothing changes", async () => {
    const applicant = await createApplicant({ verified: false });
    for (const role of ["dac_chair", "panel_member", "applicant", "elsi_staff", "dac_expert"] as const) {
      const user = await createUser({ role, withTotp: ["dac_chair", "elsi_staff"].includes(role) });
      const visitor = await signedInCookie(user);
      expect((await http("GET", path, visitor)).status).toBe(403);
      for (const intent of ["verify", "refuse"]) expect((await http("POST", path, visitor, { intent, applicantId: applicant.user.id, reason: "理由" })).status).toBe(403);
    }
    expect(await profileOf(applicant)).toMatchObject({ verifiedAt: null, applicationsRefusedAt: null });
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
