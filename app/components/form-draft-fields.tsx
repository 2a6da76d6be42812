import { getCollectionProps, getInputProps, type FieldMetadata } from "@conform-to/react";
import { FieldError } from "./form-field";
import { useTranslation } from "react-i18next";

/** The settings of a consent-form draft that decide what publishing does to participants (the fields: form-field.tsx). */

export interface DraftSettingsFieldset {
  version: FieldMetadata<string>;
  kind: FieldMetadata<string>;
  interimRule: FieldMetadata<string>;
  affectsChoiceIds: FieldMetadata<string[]>;
  effectiveDate: FieldMetadata<string>;
}

interface Props {
  fields: DraftSettingsFieldset;
  /** The choices the form offers, titled in the reader's language. */
  choices: readonly { id: string; title: string }[];
  /** What the next version would be for each kind of change. */
  suggested: { minor: string; major: string };
}

/** Label and explanation for each option, so the consequence is read before the option is picked. */
function Options({ field, options, legend, hint }: { field: FieldMetadata<string>; options: readonly { value: string; label: string; explanation: string }[]; legend: string; hint?: string }) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  return (
    <fieldset className="choice-group" aria-describedby={hintId}>
      <legend>{legend}</legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {getCollectionProps(field, { type: "radio", options: options.map((option) => option.value) }).map((props, index) => {
        const option = options[index]!;
        const explanationId = `${props.id}-explanation`;
        const describedBy = [explanationId, field.errors?.length ? field.errorId : undefined].filter(Boolean).join(" ");
        return (
          <div className="choice-option" key={props.key}>
            <input {...props} key={props.key} aria-describedby={describedBy} />
            <div>
              <label htmlFor={props.id}>{option.label}</label>
              <p className="hint" id={explanationId}>
                {option.explanation}
              </p>
            </div>
          </div>
        );
      })}
      <FieldError field={field} />
    </fieldset>
  );
}

export function DraftSettingsFields({ fields, choices, suggested }: Props) {
  const { t } = useTranslation("forms");
  const versionHintId = `${fields.version.id}-hint`;
  const affectsHintId = `${fields.affectsChoiceIds.id}-hint`;
  return (
    <>
      <Options
        field={fields.kind}
        legend={t("settings.kind.legend")}
        options={(["minor", "major"] as const).map((kind) => ({ value: kind, label: t(`kinds.${kind}`), explanation: t(`settings.kind.${kind}`) }))}
      />
      <div className="field">
        <label htmlFor={fields.version.id}>{t("settings.version.label")}</label>
        <span className="hint" id={versionHintId}>
          {t("settings.version.hint", suggested)}
        </span>
        <input {...getInputProps(fields.version, { type: "text", ariaDescribedBy: versionHintId })} key={fields.version.key} inputMode="decimal" autoComplete="off" />
        <FieldError field={fields.version} />
      </div>
      <Options
        field={fields.interimRule}
        legend={t("settings.interimRule.legend")}
        hint={t("settings.interimRule.hint")}
        options={(["continue_previous", "pause_new_uses"] as const).map((rule) => ({ value: rule, label: t(`interimRules.${rule}.label`), explanation: t(`interimRules.${rule}.explanation`) }))}
      />
      <fieldset className="choice-group" aria-describedby={affectsHintId}>
        <legend>{t("settings.affects.legend")}</legend>
        <p className="hint" id={affectsHintId}>
          {t("settings.affects.hint")}
        </p>
        {getCollectionProps(fields.affectsChoiceIds, { type: "checkbox", options: choices.map((choice) => choice.id) }).map((props, index) => (
          <div className="choice-option" key={props.key}>
            <input {...props} key={props.key} />
            <div>
              <label htmlFor={props.id}>
                {choices[index]!.title} <span className="mono">({choices[index]!.id})</span>
              </label>
            </div>
          </div>
        ))}
        <FieldError field={fields.affectsChoiceIds} />
      </fieldset>
      <div className="field">
        <label htmlFor={fields.effectiveDate.id}>{t("settings.effectiveDate.label")}</label>
        <span className="hint" id={`${fields.effectiveDate.id}-hint`}>
          {t("settings.effectiveDate.hint")}
        </span>
        <input {...getInputProps(fields.effectiveDate, { type: "date", ariaDescribedBy: `${fields.effectiveDate.id}-hint` })} key={fields.effectiveDate.key} />
        <FieldError field={fields.effectiveDate} />
      </div>
    </>
  );
}
