import { getCollectionProps, getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { dataKinds, purposeCodes, recipientTypes, sensitiveQuestions } from "../../domain/access/index";
import { datasetIds } from "../../domain/access/index";
import { diseaseLabels, type DiseaseLabel } from "../../domain/access/index";
import { DatasetName, DiseaseName } from "./names";

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

function Line({ field, name, missing, type = "text", lang }: { field: Field; name: string; missing: boolean; type?: "text" | "date" | "number"; lang?: "ja" | "en" }) {
  return (
    <Labelled field={field} name={name} missing={missing}>
      {(hintId) => {
        const props = getInputProps(field, { type, ariaDescribedBy: hintId });
        return <input {...props} key={props.key} lang={lang} />;
      }}
    </Labelled>
  );
}

function Choices({
  field,
  name,
  options,
  type,
  missing,
  labelOf,
}: {
  field: Field;
  name: string;
  options: readonly string[];
  type: "checkbox" | "radio";
  missing: boolean;
  labelOf?: (value: string) => React.ReactNode;
}) {
  const { t } = useTranslation("access");
  const hint = t(`fields.${name}.hint`, { defaultValue: "" });
  return (
    <fieldset className="field" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend>
        {t(`fields.${name}.label`)} {missing ? <span className="tag">{t("form.needed")}</span> : null}
      </legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {getCollectionProps(field, { type, options: [...options] }).map((props) => (
        <label key={props.key} className="choice">
          <input {...props} key={props.key} /> {labelOf ? labelOf(props.value) : t(`fields.${name}.options.${props.value}`)}
        </label>
      ))}
      <Errors field={field} />
    </fieldset>
  );
}

/** What a field holds now (its default, or what was posted when the form came back with an error), as a list. */
function valuesOf(field: Field): string[] {
  const value = field.initialValue as unknown;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : typeof value === "string" && value ? [value] : [];
}

/**
 * The diseases (issue 29 item 7): those chosen, as ticked boxes named in the reader's language with their codes; a
 * search box that takes a name or a code, with the whole list offered as the browser's suggestions (`<datalist>`,
 * which needs no JavaScript); and "Find diseases", which saves the draft and shows the names that match as boxes to
 * tick. Without JavaScript every part works the same.
 */
function DiseasePicker({
  field,
  search,
  missing,
  found,
  chosen,
}: {
  field: Field;
  search: Field;
  missing: boolean;
  found?: { query: string; found: DiseaseLabel[] };
  chosen: readonly string[];
}) {
  const { t, i18n } = useTranslation("access");
  const offered = found ? found.found.map((label) => label.curie).filter((curie) => !chosen.includes(curie)) : [];
  const english = i18n.language === "en";
  const searchProps = getInputProps(search, { type: "text", ariaDescribedBy: `${search.id}-hint` });
  return (
    <fieldset className="field stack" aria-describedby={field.errors?.length ? field.errorId : undefined} data-testid="disease-picker">
      <legend>
        {t("fields.diseases.label")} {missing ? <span className="tag">{t("form.needed")}</span> : null}
      </legend>
      <p className="hint">{t("fields.diseases.hint")}</p>
      {chosen.length > 0 ? (
        chosen.map((curie) => (
          <label key={`${curie}-${chosen.join(" ")}`} className="choice">
            <input type="checkbox" name={field.name} value={curie} defaultChecked /> <DiseaseName curie={curie} />
          </label>
        ))
      ) : (
        <p>{t("fields.diseases.none")}</p>
      )}
      <Errors field={field} />
      {found ? (
        <div className="stack" data-testid="disease-matches">
          <p role="status">{t("fields.diseases.found", { count: found.found.length, query: found.query })}</p>
          {offered.map((curie) => (
            <label key={curie} className="choice">
              <input type="checkbox" name={field.name} value={curie} /> <DiseaseName curie={curie} />
            </label>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={search.id}>{t("fields.diseaseSearch.label")}</label>
        <span className="hint" id={`${search.id}-hint`}>
          {t("fields.diseaseSearch.hint")}
        </span>
        {/* Emptied once a search has answered: what it found is above, and the words typed are in its sentence. */}
        <input
          {...searchProps}
          key={found ? `${searchProps.key ?? ""}-found-${found.query}` : searchProps.key}
          defaultValue={found ? "" : searchProps.defaultValue}
          list="disease-suggestions"
          autoComplete="off"
        />
        <datalist id="disease-suggestions">
          {diseaseLabels.map((label) => (
            <option key={label.curie} value={`${english ? label.en : (label.ja ?? label.en)} (${label.curie})`} label={english ? undefined : label.en} />
          ))}
        </datalist>
        <Errors field={search} />
      </div>
      <div>
        <button type="submit" name="intent" value="findDiseases" className="button button--secondary" formNoValidate>
          {t("fields.diseaseSearch.find")}
        </button>
      </div>
    </fieldset>
  );
}

/** Every item of a data-access application, grouped as the committee reviews them; `missing` marks what a submission still needs. */
export function ApplicationFields({
  fields,
  missing,
  diseaseSearch,
  savedDiseases,
}: {
  fields: Fields;
  missing: readonly string[];
  diseaseSearch?: { query: string; found: DiseaseLabel[] };
  /** The diseases the saved draft holds; left out (a form that came back refused), those that were posted. */
  savedDiseases?: readonly string[];
}) {
  const { t } = useTranslation("access");
  const needs = (name: string) => missing.includes(name);
  return (
    <>
      <fieldset className="panel stack">
        <legend>{t("form.sections.summary")}</legend>
        <Line field={fields.titleJa!} name="titleJa" missing={needs("titleJa")} lang="ja" />
        <Line field={fields.titleEn!} name="titleEn" missing={needs("titleEn")} lang="en" />
        <Line field={fields.titleJaEasy!} name="titleJaEasy" missing={false} lang="ja" />
        <Line field={fields.institutionJa!} name="institutionJa" missing={needs("institutionJa")} lang="ja" />
        <Line field={fields.institutionEn!} name="institutionEn" missing={needs("institutionEn")} lang="en" />
        <Line field={fields.institutionJaEasy!} name="institutionJaEasy" missing={false} lang="ja" />
        <TextArea field={fields.laySummaryJa!} name="laySummaryJa" missing={needs("laySummaryJa")} />
        <TextArea field={fields.laySummaryEn!} name="laySummaryEn" missing={needs("laySummaryEn")} />
        <TextArea field={fields.scientificSummary!} name="scientificSummary" rows={8} missing={needs("scientificSummary")} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.purpose")}</legend>
        <Choices field={fields.purposeCodes!} name="purposeCodes" options={purposeCodes} type="checkbox" missing={needs("purposeCodes")} />
        <DiseasePicker field={fields.diseases!} search={fields.diseaseSearch!} missing={needs("diseases")} found={diseaseSearch} chosen={savedDiseases ?? valuesOf(fields.diseases!)} />
        <Choices field={fields.commercial!} name="commercial" options={["no", "yes"]} type="radio" missing={false} />
        <Choices field={fields.sensitive!} name="sensitive" options={sensitiveQuestions} type="checkbox" missing={false} />
        <Line field={fields.genderDetail!} name="genderDetail" missing={needs("genderDetail")} />
        <TextArea field={fields.sensitiveOther!} name="sensitiveOther" rows={2} missing={needs("sensitiveOther")} />
      </fieldset>
      <fieldset className="panel stack">
        <legend>{t("form.sections.data")}</legend>
        <Choices
          field={fields.datasets!}
          name="datasets"
          // The programme's datasets, and any other id an older draft holds, so it can be seen and unticked.
          options={[...datasetIds, ...valuesOf(fields.datasets!).filter((id) => !datasetIds.includes(id))]}
          type="checkbox"
          missing={needs("datasets")}
          labelOf={(id) => <DatasetName id={id} />}
        />
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
