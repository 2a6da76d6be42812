import type { TFunction } from "i18next";
import type { z } from "zod";
import { isTextRefusalReason } from "../domain/kernel/index";

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
        // Text fields that count characters as a reader does (text-rules.ts) say how long the text is, too.
        if (issue.origin === "string") return t("field.tooLong", { max: Number(issue.maximum) });
        if (issue.origin === "array" || issue.origin === "set") return t("field.chooseAtMost", { max: Number(issue.maximum) });
        return t("field.outOfRange");
      case "invalid_format":
        return issue.format === "email" ? t("field.email") : t("field.format");
      case "invalid_value":
        // Nothing chosen (an empty select or no radio ticked) is asked for; a value outside an enum or literal only a
        // tampered or stale form can send.
        // A confirmation box (z.literal("yes")) left unticked is asked for as such.
        if ((issue.input === undefined || issue.input === "") && issue.values.length === 1 && issue.values[0] === "yes") return t("field.confirm");
        return issue.input === undefined || issue.input === null || issue.input === "" ? t("field.chooseOne") : t("field.choose");
      case "custom": {
        const params = (issue.params ?? {}) as Record<string, unknown>;
        // The text rules name the reason and the character (app/domain/kernel/text-rules.ts).
        if (isTextRefusalReason(params.reason)) return t(`field.${params.reason}`, params);
        return issue.message === "mismatch" ? t("field.mismatch") : t("field.invalid");
      }
      default:
        return t("field.invalid");
    }
  };
}
