import type { TFunction } from "i18next";
import type { z } from "zod";

/**
 * Turns zod issues into sentences in the reader's language (locales/<lang>/errors.json, "field.*"), so a
 * schema stays free of UI text and the same schema serves the API and the forms.
 */
export function formErrorMap(t: TFunction): z.core.$ZodErrorMap {
  return (issue) => {
    switch (issue.code) {
      case "invalid_type":
        return issue.input === undefined || issue.input === null ? t("field.required") : t("field.invalid");
      case "too_small":
        if (issue.origin === "string") return Number(issue.minimum) <= 1 ? t("field.required") : t("field.tooShort", { min: Number(issue.minimum) });
        // An empty checkbox group or list, or a number under its floor: "characters" would be wrong here.
        if (issue.origin === "array" || issue.origin === "set") return t("field.chooseAtLeast", { min: Number(issue.minimum) });
        return t("field.outOfRange");
      case "too_big":
        if (issue.origin === "string") return t("field.tooLong", { max: Number(issue.maximum) });
        if (issue.origin === "array" || issue.origin === "set") return t("field.chooseAtMost", { max: Number(issue.maximum) });
        return t("field.outOfRange");
      case "invalid_format":
        return issue.format === "email" ? t("field.email") : t("field.format");
      case "custom":
        return issue.message === "mismatch" ? t("field.mismatch") : t("field.invalid");
      default:
        return t("field.invalid");
    }
  };
}
