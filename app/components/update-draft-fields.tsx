import { getCollectionProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { programmeAreas, updateAudiences } from "../domain/updates/index";
import { FieldError, TextAreaField, FormField } from "./form-field";

/** Every error under a field, its items' included (a refused reading line is reported at readingCorrections[n]). */
function allErrorsOf(field: FieldMetadata<unknown>): string[] {
  return [...new Set(Object.values(field.allErrors).flat())];
}

/** Who an update is for: chosen while it is a draft (ADR 038). */
export function UpdateAudienceFields({ audiences, programmeArea }: { audiences: FieldMetadata<string[]>; programmeArea: FieldMetadata<string> }) {
  const { t } = useTranslation("updates");
  const hintId = `${audiences.id}-hint`;
  const errors = allErrorsOf(audiences);
  return (
    <>
      <fieldset className="choice-group" aria-describedby={hintId}>
        <legend>{t("staff.fields.audiences")}</legend>
        <p className="hint" id={hintId}>
          {t("staff.fields.audiencesHint")}
        </p>
        {getCollectionProps(audiences, { type: "checkbox", options: [...updateAudiences] }).map((props, index) => (
          <div className="choice-option" key={props.key}>
            <input {...props} key={props.key} />
            <label htmlFor={props.id}>{t(`audiences.${updateAudiences[index]!}`)}</label>
          </div>
        ))}
        {errors.length ? (
          <p className="field-error" id={audiences.errorId} role="alert">
            {errors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={programmeArea.id}>{t("staff.fields.programmeArea")}</label>
        <select {...getSelectProps(programmeArea)} key={programmeArea.key}>
          <option value="">{t("areas.any")}</option>
          {programmeAreas.map((area) => (
            <option key={area} value={area}>
              {t(`areas.${area}`)}
            </option>
          ))}
        </select>
        <FieldError field={programmeArea} />
      </div>
    </>
  );
}

type TextFields = Record<"titleJa" | "titleJaEasy" | "titleEn" | "bodyJa" | "bodyJaEasy" | "bodyEn" | "readingCorrections", FieldMetadata<string>>;
type NoteFields = Record<"changeNoteJa" | "changeNoteJaEasy" | "changeNoteEn", FieldMetadata<string>>;

/** The title and Markdown text in each language, the やさしい日本語 readings, and for a correction its notes. */
export function UpdateTextFields({ fields, notes }: { fields: TextFields; notes?: NoteFields }) {
  const { t } = useTranslation("updates");
  const readingErrors = allErrorsOf(fields.readingCorrections);
  return (
    <>
      {(
        [
          ["ja", "Ja", "ja"],
          ["ja-easy", "JaEasy", "ja"],
          ["en", "En", "en"],
        ] as const
      ).map(([language, suffix, lang]) => (
        <fieldset className="stack" key={language}>
          <legend>{t(`staff.fields.language.${language}`)}</legend>
          <FormField field={fields[`title${suffix}`]} label={t("staff.fields.title")} lang={lang} />
          <TextAreaField field={fields[`body${suffix}`]} label={t("staff.fields.body")} hint={t("staff.fields.bodyHint")} lang={lang} rows={8} />
          {language === "ja-easy" ? (
            <div className="field">
              <label htmlFor={fields.readingCorrections.id}>{t("staff.fields.readingCorrections")}</label>
              <span className="hint" id={`${fields.readingCorrections.id}-hint`}>
                {t("staff.fields.readingCorrectionsHint")}
              </span>
              <textarea
                id={fields.readingCorrections.id}
                name={fields.readingCorrections.name}
                defaultValue={fields.readingCorrections.initialValue}
                key={fields.readingCorrections.key}
                lang="ja"
                rows={3}
                aria-describedby={`${fields.readingCorrections.id}-hint${readingErrors.length ? ` ${fields.readingCorrections.errorId}` : ""}`}
                aria-invalid={readingErrors.length ? true : undefined}
              />
              {readingErrors.length ? (
                <p className="field-error" id={fields.readingCorrections.errorId} role="alert">
                  {readingErrors.join(" ")}
                </p>
              ) : null}
            </div>
          ) : null}
          {notes ? <FormField field={notes[`changeNote${suffix}`]} label={t("staff.fields.changeNote")} hint={t("staff.fields.changeNoteHint")} lang={lang} /> : null}
        </fieldset>
      ))}
    </>
  );
}
