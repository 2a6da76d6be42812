import { getCollectionProps, getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldError, FormErrors, FormField, TextAreaField } from "../../components/form-field";
import { listFacilities } from "../../domain/facilities/index.server";
import { recontactCampaignKinds } from "../../domain/recontact/index";
import { createRecontactCampaign } from "../../domain/recontact/index.server";
import { programmeAreas, RecontactCampaignSchema } from "../../domain/recontact/index";
import { parseForm } from "../../forms/parse-form.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:new.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "recontact:manage");
  const [facilities, language] = await Promise.all([listFacilities(), getLanguage(request)]);
  return json({ facilities: facilities.map((facility) => ({ id: facility.id, name: language === "en" ? facility.nameEn : facility.nameJa })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "recontact:manage");
  const { submission } = await parseForm(request, RecontactCampaignSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const created = await createRecontactCampaign({ campaign: submission.value, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/recontact/${created.id}?notice=created`);
}

type CampaignFields = {
  kind: string;
  title: string;
  messageJa: string;
  messageJaEasy: string;
  messageEn: string;
  facilityIds: string[];
  programmeArea: string;
  enrolmentAgeMin: string;
  enrolmentAgeMax: string;
};

export default function NewRecontactCampaign() {
  const { t } = useTranslation("recontact");
  const { facilities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<CampaignFields>({ id: "new-campaign", lastResult: actionData?.result, shouldRevalidate: "onBlur" });
  const facilitiesHintId = `${fields.facilityIds.id}-hint`;
  const ageHintId = "campaign-age-hint";
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/recontact">{t("detail.back")}</a>
      </p>
      <h1>{t("new.title")}</h1>
      <p>{t("new.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="choice-group">
          <legend>{t("fields.kind")}</legend>
          {getCollectionProps(fields.kind, { type: "radio", options: [...recontactCampaignKinds] }).map((props, index) => (
            <div className="choice-option" key={props.key}>
              <input {...props} key={props.key} aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined} />
              <label htmlFor={props.id}>{t(`kinds.${recontactCampaignKinds[index]!}`)}</label>
            </div>
          ))}
          <FieldError field={fields.kind} />
        </fieldset>
        <FormField field={fields.title} label={t("fields.title")} />
        <TextAreaField field={fields.messageJa} label={t("fields.messageJa")} hint={t("new.messageHint")} lang="ja" />
        <TextAreaField field={fields.messageJaEasy} label={t("fields.messageJaEasy")} lang="ja" />
        <TextAreaField field={fields.messageEn} label={t("fields.messageEn")} lang="en" />
        <fieldset className="choice-group" aria-describedby={facilitiesHintId}>
          <legend>{t("fields.facilityIds")}</legend>
          <p className="hint" id={facilitiesHintId}>
            {t("new.facilitiesHint")}
          </p>
          {getCollectionProps(fields.facilityIds, { type: "checkbox", options: facilities.map((facility) => facility.id) }).map((props, index) => (
            <div className="choice-option" key={props.key}>
              <input {...props} key={props.key} />
              <label htmlFor={props.id}>{facilities[index]!.name}</label>
            </div>
          ))}
          {/* A refused id is reported at facilityIds[n]: every one is shown here, by the group it belongs to. */}
          {Object.values(fields.facilityIds.allErrors).flat().length ? (
            <p className="field-error" id={fields.facilityIds.errorId} role="alert">
              {[...new Set(Object.values(fields.facilityIds.allErrors).flat())].join(" ")}
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.programmeArea.id}>{t("fields.programmeArea")}</label>
          <select {...getSelectProps(fields.programmeArea)} key={fields.programmeArea.key}>
            <option value="">{t("areas.any")}</option>
            {programmeAreas.map((area) => (
              <option key={area} value={area}>
                {t(`areas.${area}`)}
              </option>
            ))}
          </select>
          <FieldError field={fields.programmeArea} />
        </div>
        <p className="hint" id={ageHintId}>
          {t("new.ageHint")}
        </p>
        {(["enrolmentAgeMin", "enrolmentAgeMax"] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={fields[name].id}>{t(`fields.${name}`)}</label>
            <input {...getInputProps(fields[name], { type: "text", ariaDescribedBy: ageHintId })} key={fields[name].key} inputMode="numeric" autoComplete="off" />
            <FieldError field={fields[name]} />
          </div>
        ))}
        <button type="submit" className="button">
          {t("new.submit")}
        </button>
      </Form>
    </div>
  );
}
