import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { setHandoverCookie } from "../../auth/handover-cookie.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { enrolledSampleKinds, proxyRelationships } from "../../domain/consent/index";
import { enrolParticipant, EnrolParticipantSchema, type EnrolParticipantInput } from "../../domain/consent/index.server";
import { handoverFor } from "../../domain/consent/index.server";
import { enrolmentFacilitiesFor } from "../../domain/facilities/index.server";
import { facilityName, type FacilitySummary } from "../../domain/facilities/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { programmeAreas } from "../../domain/consent/index";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:enrol.title");

/** The form offers only the coordinator's own facilities (ADR 015); none means there is nowhere to enrol yet. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "participants:enrol");
  return json({ facilities: await enrolmentFacilitiesFor(session.userId) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "participants:enrol");
  // The enrolment's own sentences, on the field each concerns; a facility not the coordinator's is one the form sent.
  const { submission } = await parseForm(request, EnrolParticipantSchema, {
    inWords: {
      no_facility: "enrolment:enrol.errors.no_facility",
      facility_required: "enrolment:enrol.errors.facility_required",
      facility_not_allowed: "enrolment:enrol.errors.facility_not_allowed",
      already_enrolled: "enrolment:enrol.errors.already_enrolled",
    },
    field: { facility_required: "facilityId", facility_not_allowed: "facilityId", already_enrolled: "medicalRecordNumber" },
    aboutWhatWasSent: ["facility_not_allowed"],
  });
  if (submission.status !== "success") return invalidForm(submission);
  const enrolment = await enrolParticipant({ input: submission.value, enrolledById: session.userId, request: await requestContextOf(request, context) });
  throw redirect(`/staff/participants/${enrolment.participantId}/handover`, {
    headers: { "Set-Cookie": await setHandoverCookie(handoverFor(enrolment, session.userId)) },
  });
}

type Fields = ReturnType<typeof useForm<EnrolParticipantInput>>[1];

function FieldError({ field }: { field: FieldMetadata<unknown> }) {
  const errors = Object.values(field.allErrors ?? {}).flat();
  if (errors.length === 0) return null;
  return (
    <p className="field-error" id={field.errorId} role="alert">
      {[...new Set(errors)].join(" ")}
    </p>
  );
}

function ChoiceGroup({ field, legend, hint, type, options }: { field: FieldMetadata<unknown>; legend: string; hint?: string; type: "radio" | "checkbox"; options: { value: string; label: string; lang?: string }[] }) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const invalid = Object.keys(field.allErrors ?? {}).length > 0;
  return (
    <fieldset className="field" aria-describedby={[hintId, invalid ? field.errorId : undefined].filter(Boolean).join(" ") || undefined}>
      <legend>{legend}</legend>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {getCollectionProps(field as FieldMetadata<string[]>, { type, options: options.map((option) => option.value), ariaAttributes: false }).map((props, index) => (
        <label className="choice" key={props.key}>
          <input {...props} key={props.key} />
          <span lang={options[index]!.lang}>{options[index]!.label}</span>
        </label>
      ))}
      <FieldError field={field} />
    </fieldset>
  );
}

export default function EnrolParticipant() {
  const { t } = useTranslation("enrolment");
  const { facilities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<EnrolParticipantInput>({ id: "enrol", lastResult: actionData?.result, shouldValidate: "onSubmit" });
  if (facilities.length === 0) {
    return (
      <div className="stack">
        <h1>{t("enrol.title")}</h1>
        <NoFacilityNotice />
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>{t("enrol.title")}</h1>
      <p>{t("enrol.intro")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FacilityField field={fields.facilityId} facilities={facilities} />
        <h2>{t("enrol.sections.person")}</h2>
        <FormField field={fields.fullName} label={t("fields.fullName")} hint={t("fields.fullNameHint")} type="text" autoComplete="off" />
        <FormField field={fields.fullNameKana} label={t("fields.fullNameKana")} hint={t("fields.optionalKanaHint")} type="text" autoComplete="off" />
        <DateField field={fields.dateOfBirth} label={t("fields.dateOfBirth")} hint={t("fields.dateOfBirthHint")} />
        <FormField field={fields.email} label={t("fields.email")} hint={t("fields.emailHint")} type="email" autoComplete="off" />
        <FormField field={fields.phone} label={t("fields.phone")} hint={t("fields.optional")} type="text" autoComplete="off" inputMode="tel" />
        <FormField field={fields.medicalRecordNumber} label={t("fields.medicalRecordNumber")} hint={t("fields.optional")} type="text" autoComplete="off" />
        <ChoiceGroup
          field={fields.preferredLanguage}
          legend={t("fields.preferredLanguage")}
          hint={t("fields.preferredLanguageHint")}
          type="radio"
          options={supportedLanguages.map((language) => ({ value: language, label: t(`common:language.names.${language}`), lang: language === "en" ? "en" : "ja" }))}
        />
        <ChoiceGroup
          field={fields.programmeArea}
          legend={t("fields.programmeArea")}
          hint={t("fields.programmeAreaHint")}
          type="radio"
          options={programmeAreas.map((area) => ({ value: area, label: t(`programmeArea.${area}`) }))}
        />
        <ChoiceGroup
          field={fields.samples}
          legend={t("fields.samples")}
          hint={t("fields.samplesHint")}
          type="checkbox"
          options={enrolledSampleKinds.map((kind) => ({ value: kind, label: t(`sampleKind.${kind}`) }))}
        />

        <h2>{t("enrol.sections.proxy")}</h2>
        <p className="muted">{t("enrol.proxyIntro")}</p>
        <ProxyFields fields={fields} />

        <button type="submit" className="button button--block">
          {t("enrol.submit")}
        </button>
      </Form>
    </div>
  );
}

/** A member of one facility sees where the patient will be enrolled; a member of several chooses. */
function FacilityField({ field, facilities }: { field: FieldMetadata<string | undefined>; facilities: FacilitySummary[] }) {
  const { t, i18n } = useTranslation("enrolment");
  if (facilities.length === 1) {
    const only = facilities[0]!;
    return (
      <p>
        {t("enrol.facilityOnly", { name: facilityName(only, i18n.language) })}
        <input type="hidden" name={field.name} value={only.id} />
      </p>
    );
  }
  return (
    <ChoiceGroup
      field={field}
      legend={t("fields.facility")}
      hint={t("fields.facilityHint")}
      type="radio"
      options={facilities.map((facility) => ({ value: facility.id, label: `${facilityName(facility, i18n.language)} (${facility.code})` }))}
    />
  );
}

function DateField({ field, label, hint }: { field: FieldMetadata<string | undefined>; label: string; hint: string }) {
  const hintId = `${field.id}-hint`;
  const props = getInputProps(field, { type: "date", ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <span className="hint" id={hintId}>
        {hint}
      </span>
      <input {...props} key={props.key} min="1900-01-01" />
      <FieldError field={field} />
    </div>
  );
}

function ProxyFields({ fields }: { fields: Fields }) {
  const { t } = useTranslation("enrolment");
  const withProxy = getInputProps(fields.withProxy, { type: "checkbox" });
  const relationship = getSelectProps(fields.proxyRelationship);
  return (
    <>
      <div className="field">
        <label className="choice">
          <input {...withProxy} key={withProxy.key} />
          <span>{t("fields.withProxy")}</span>
        </label>
      </div>
      <FormField field={fields.proxyFullName} label={t("fields.proxyFullName")} type="text" autoComplete="off" />
      <FormField field={fields.proxyEmail} label={t("fields.proxyEmail")} hint={t("fields.proxyEmailHint")} type="email" autoComplete="off" />
      <div className="field">
        <label htmlFor={fields.proxyRelationship.id}>{t("fields.proxyRelationship")}</label>
        <select {...relationship} key={relationship.key}>
          <option value="">{t("fields.choose")}</option>
          {proxyRelationships.map((value) => (
            <option key={value} value={value}>
              {t(`relationship.${value}`)}
            </option>
          ))}
        </select>
        <FieldError field={fields.proxyRelationship} />
      </div>
    </>
  );
}
