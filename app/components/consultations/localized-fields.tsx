import type { LocalizedText } from "../../domain/consultations/index";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";

interface Props {
  /** The form field's name prefix: `summary` gives `summary.ja`, `summary.ja-easy`, `summary.en`. */
  name: string;
  /** A prefix for element ids, unique on the page. */
  idPrefix: string;
  label: (language: SupportedLanguage) => string;
  hint?: string;
  max: number;
  multiline?: boolean;
  defaultValue?: LocalizedText;
  /** Conform's errors by field name (`summary.ja` …), from the action that refused this form. */
  errors?: Record<string, string[] | null | undefined>;
  required?: boolean;
}

/**
 * One text in 日本語, やさしい日本語 and English: a labelled input or textarea each, the hint and the length limit
 * read out with it, and each language's error beside its field (issue 28; as the theme form on the analysis page).
 */
export function LocalizedFields({ name, idPrefix, label, hint, max, multiline, defaultValue, errors, required }: Props) {
  return (
    <>
      {supportedLanguages.map((language) => {
        const field = `${name}.${language}`;
        const id = `${idPrefix}-${language}`;
        const fieldErrors = errors?.[field];
        const describedBy = [hint ? `${id}-hint` : "", fieldErrors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
        const common = {
          id,
          name: field,
          lang: language === "en" ? "en" : "ja",
          defaultValue: defaultValue?.[language] ?? "",
          required,
          // Twice the limit in the browser: the server counts what is stored, and says so in the reader's language.
          maxLength: max * 2,
          "aria-invalid": fieldErrors?.length ? true : undefined,
          "aria-describedby": describedBy,
        };
        return (
          <div className="field" key={language}>
            <label htmlFor={id}>{label(language)}</label>
            {hint ? (
              <span className="hint" id={`${id}-hint`}>
                {hint}
              </span>
            ) : null}
            {multiline ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
            {fieldErrors?.length ? (
              <p className="field-error" id={`${id}-error`} role="alert">
                {fieldErrors.join(" ")}
              </p>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
