import { getCollectionProps, getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { dataKinds, purposeCodes, recipientTypes, sensitiveQuestions } from "../../domain/access/applications/application-content";

type Field = FieldMetadata<string>;
type Fields = Record<string, Field>;

function Errors({ field }: { field: Field }) {
  return field.errors?.length ? (
    <p className="field-error" id={field.errorId} role="alert">
      {field.errors.join(" ")}
    </p>
  ) : null;
}

/** A labelled text field: its label (marked when a submission still needs it), its hint if the locale has one, its errors. */
function Labelled({ field, name, missing, children }: { field: Field; name: string; missing: boolean; children: (hintId: string | undefined) => React.ReactNode }) {
  const { t } = useTranslation("access");
  const hint = t(`fields.${name}.hint`, { defaultValue: "" });
  const hintId = hint ? `${field.id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {t(`fields.${name}.label`)} {missing ? <span className="tag">{t("form.needed")}</span> : null}
      </label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {children(hintId)}
      <Errors field={field} />
    </div>
  );
}

function TextArea({ field, name, rows = 4, missing }: { field: Field; name: string; rows?: number; missing: boolean }) {
  return (
    <Labelled field={field} name={name} missing={missing}>
      {(hintId) => {
        const props = getTextareaProps(field, { ariaDescribedBy: hintId });
        return <textarea {...props} key={props.key} rows={rows} />;
      }}
    </Labelled>
  );
}

function Line({ field, name, missing, type = "text" }: { field: Field; name: string; missing: boolean; type?: "text" | "date" | "number" }) {
  return (
    <Labelled field={field} name={name} missing={missing}>
      {(hintId) => {
        const props = getInputProps(field, { type, ariaDescribedBy: hintId });
        return <input {...props} key={props.key} />;
      }}
    </Labelled>
  );
}

function Choices({ field, name, options, type, missing }: { field: Field; name: string; options: readonly string[]; type: "checkbox" | "radio"; missing: boolean }) {
  const { t } = useTranslation("access");
  return (
    <fieldset className="field" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend>
        {t(`fields.${name}.label`)} {missing ? <span className="tag">{t("form.needed")}</span> : null}
      </legend>
      {getCollectionProps(field, { type, options: [...options] }).map((props) => (
        <label key={props.key} className="choice">
          <input {...props} key={props.key} /> {t(`fields.${name}.options.${props.value}`)}
        </label>
      ))}
      <Errors field={field} />
    </fieldset>
  );
}

/** Every item of a data-access application, grouped as the committee reviews them; `missing` marks what a submission still needs. */
export function ApplicationFields({ fields, missing }: { fields: Fields; missing: readonly string[] }) {
  const { t } = useTranslation("access");
  const needs = (name: string) => missing.includes(name);
  return (
    <>
      <fieldset className="panel stack">
        <legend>{t("form.sections.summary")}</legend>
        <Line field={fields.title!} name="title" missing={needs("title")} />
        <TextArea field={fields.laySummaryJa!} name="laySummaryJa" missing={needs("laySummaryJa")} />
        <TextArea field={fields.laySummaryEn!} name="laySummaryEn" missing={needs("laySummaryEn")} />
        <TextArea field={fields.scientificSummary!} name="scientificSummary" rows={8} missing={needs("scientificSummary")} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.purpose")}</legend>
        <Choices field={fields.purposeCodes!} name="purposeCodes" options={purposeCodes} type="checkbox" missing={needs("purposeCodes")} />
        <Line field={fields.diseases!} name="diseases" missing={needs("diseases")} />
        <Choices field={fields.commercial!} name="commercial" options={["no", "yes"]} type="radio" missing={false} />
        <Choices field={fields.sensitive!} name="sensitive" options={sensitiveQuestions} type="checkbox" missing={false} />
        <Line field={fields.genderDetail!} name="genderDetail" missing={needs("genderDetail")} />
        <TextArea field={fields.sensitiveOther!} name="sensitiveOther" rows={2} missing={needs("sensitiveOther")} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.data")}</legend>
        <Line field={fields.datasets!} name="datasets" missing={needs("datasets")} />
        <Choices field={fields.dataKinds!} name="dataKinds" options={dataKinds} type="checkbox" missing={needs("dataKinds")} />
        <TextArea field={fields.dataScopeJustification!} name="dataScopeJustification" missing={needs("dataScopeJustification")} />
        <Line field={fields.periodMonths!} name="periodMonths" type="number" missing={needs("periodMonths")} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.recipient")}</legend>
        <Choices field={fields.recipientType!} name="recipientType" options={recipientTypes} type="radio" missing={needs("recipientType")} />
        <Line field={fields.recipientCountry!} name="recipientCountry" missing={needs("recipientCountry")} />
        <TextArea field={fields.trackRecord!} name="trackRecord" missing={needs("trackRecord")} />
        <TextArea field={fields.securityMeasures!} name="securityMeasures" missing={needs("securityMeasures")} />
        <TextArea field={fields.keepingAndDisposal!} name="keepingAndDisposal" missing={needs("keepingAndDisposal")} />
        <TextArea field={fields.subcontractors!} name="subcontractors" rows={2} missing={false} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.ethics")}</legend>
        <Line field={fields.ethicsCommittee!} name="ethicsCommittee" missing={needs("ethicsCommittee")} />
        <Line field={fields.ethicsNumber!} name="ethicsNumber" missing={needs("ethicsNumber")} />
        <Line field={fields.ethicsApprovedOn!} name="ethicsApprovedOn" type="date" missing={needs("ethicsApprovedOn")} />
        <TextArea field={fields.publicationPlan!} name="publicationPlan" missing={needs("publicationPlan")} />
        <TextArea field={fields.funding!} name="funding" rows={2} missing={needs("funding")} />
        <TextArea field={fields.coiStatement!} name="coiStatement" rows={2} missing={needs("coiStatement")} />
        <Choices field={fields.noIdentificationPledge!} name="noIdentificationPledge" options={["on"]} type="checkbox" missing={needs("noIdentificationPledge")} />
      </fieldset>
    </>
  );
}
