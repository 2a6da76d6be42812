// "Read the whole form" opens the form of the participant's arm (issue 55 defect 6; ADR 124): the rare-disease form's
// version 1.0 is not the cancer form's 1.0, and the public page is asked for it by name.
import { describe, expect, it } from "vitest";
import { formTextPath, programmeFormKeys } from "../../app/domain/consent/forms/programme-forms";
import { loadShareableForm } from "../../app/domain/consent/journey/shareable-form.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("the whole text of each arm's form", () => {
  it("gives the rare-disease text for the rare-disease form, and the cancer text when no form is named", async () => {
    await ensurePublishedFormVersion("1.0");
    await ensurePublishedFormVersion("1.0", { formKey: programmeFormKeys.rare_disease });
    const cancer = await loadShareableForm("1.0", "ja");
    const rare = await loadShareableForm("1.0", "ja", programmeFormKeys.rare_disease);
    expect(cancer.formKey).toBe("wgs-cancer");
    expect(rare.formKey).toBe("wgs-rare-disease");
    expect(rare.body.title).not.toBe(cancer.body.title);
    expect(JSON.stringify(rare.body)).not.toContain("がんの組織");
    expect(formTextPath(rare.formKey, "1.0", "ja-easy")).toBe("/consent/form/1.0?form=wgs-rare-disease&lang=ja-easy");
    expect(formTextPath(cancer.formKey, "1.0", "en")).toBe("/consent/form/1.0?lang=en");
    await expect(loadShareableForm("9.9", "ja", programmeFormKeys.rare_disease)).rejects.toMatchObject({ code: "not_found" });
  });
});
