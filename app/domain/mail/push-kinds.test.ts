import { describe, expect, it } from "vitest";
import { consentNoticeKinds } from "../../../emails/templates/consent-notice";
import { pushKindOfMail, pushKinds, pushPaths } from "./push-kinds";

describe("which mail carries a Web Push prompt (ADR 110)", () => {
  it("the consent notices that wait on the reader: a new form version and its reminder, the care team, an answer; none of the others", () => {
    const prompted = consentNoticeKinds.filter((kind) => pushKindOfMail("consent-notice", { kind }) !== null);
    expect(prompted).toEqual(["reconsent_required", "reconsent_reminder", "question_answered", "care_team_result", "care_team_choice"]);
  });

  it("a consultation's report and the updates digest; never sign-in, security or recontact mail", () => {
    expect(pushKindOfMail("consultation-report", {})).toBe("consultation");
    expect(pushKindOfMail("updates-digest", {})).toBe("updates");
    for (const template of ["sign-in-link", "new-device-sign-in", "second-factor-changed", "recontact-message", "family-invitation", "account-created"]) {
      expect(pushKindOfMail(template, {}), template).toBeNull();
    }
  });

  it("every kind opens a page of the app by a path, which says nothing of what waits", () => {
    for (const kind of pushKinds) expect(pushPaths[kind]).toMatch(/^\/[a-z/]+$/);
  });
});
