import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getSession } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField, SelectField, TextAreaField } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { prefectureName, prefectures } from "../../domain/kernel/index";
import { ApplySchema, panelAgeBands, panelConnections, panelDiseaseAreas } from "../../domain/panel-recruitment/index";
import { applyToPanelCall, loadPanelCall } from "../../domain/panel-recruitment/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { withoutAppScripts } from "../../rendering/page-scripts";

// A plain form: sent without the app's scripts (ADR 085), the same with JavaScript off.
export const handle = withoutAppScripts;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:call.title");
export const headers = passPageHeaders;

/** One call (ADR 151): what it is, how many seats, until when, and the form — prefilled for someone signed in. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const call = await loadPanelCall({ callId: params.callId ?? "", language: await getLanguage(request) });
  const session = await getSession(request, context);
  return json({ call, known: session ? { name: session.user.displayName ?? "", email: session.user.email ?? "" } : null });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { submission, language, t: errors } = await parseForm(request, ApplySchema);
  if (submission.status !== "success") return invalidForm(submission);
  const session = await getSession(request, context);
  const callId = params.callId ?? "";
  const applied = await applyToPanelCall({ callId, input: submission.value, userId: session?.userId ?? null, roles: session?.user.roles ?? [], language, request: await requestContextOf(request, context) });
  if (!applied.ok) {
    const t = await getFixedT(language, "panel-calls");
    return tooManyTries(submission, applied.retryAfterSeconds, errors, {}, { words: (minutes) => t("call.rateLimited", { count: minutes }) });
  }
  throw redirect(`/join-the-panel/${callId}?sent=1`);
}

/** One question answered by a choice of a few: radios in a fieldset, the error beside them. */
function Choice({ field, legend, options }: { field: FieldMetadata<string>; legend: string; options: readonly { value: string; label: string }[] }) {
  return (
    <fieldset className="field" aria-describedby={field.errors ? field.errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="choice">
          <input type="radio" name={field.name} value={option.value} defaultChecked={field.initialValue === option.value} /> {option.label}
        </label>
      ))}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

export default function PanelCall() {
  const { t, i18n } = useTranslation("panel-calls");
  const { call, known } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<Record<string, string>>({ id: "apply", lastResult: actionData?.result, defaultValue: known ?? undefined });
  return (
    <article className="stack">
      <p>
        <a href="/join-the-panel">{t("call.back")}</a>
      </p>
      <h1>
        <UserText text={call.title} />
      </h1>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("call.state")}</dt>
          <dd data-testid="call-state">{t(`states.${call.state}`)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.seats")}</dt>
          <dd>{t("list.seats", { count: call.seats })}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.opens")}</dt>
          <dd>
            <DateTime value={call.opensAt} />
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.closes")}</dt>
          <dd>
            <DateTime value={call.closesAt} />
          </dd>
        </div>
      </dl>
      <div className="stack">
        {call.description.split(/\n\s*\n/).map((paragraph, index) => (
          <p key={index}>
            <UserText text={paragraph} />
          </p>
        ))}
      </div>
      {params.get("sent") === "1" ? (
        <div className="alert alert--success" role="status" data-testid="application-sent">
          <p>{t("call.sent")}</p>
        </div>
      ) : call.state === "open" ? (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <h2>{t("call.applyHeading")}</h2>
          <p>{t("call.applyIntro")}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <FormField field={fields.name!} label={t("call.name")} autoComplete="name" />
          <FormField field={fields.email!} label={t("call.email")} hint={t("call.emailHint")} type="email" autoComplete="email" />
          <Choice field={fields.connection!} legend={t("call.connection")} options={panelConnections.map((value) => ({ value, label: t(`connections.${value}`) }))} />
          <Choice field={fields.diseaseArea!} legend={t("call.diseaseArea")} options={panelDiseaseAreas.map((value) => ({ value, label: t(`diseaseAreas.${value}`) }))} />
          <SelectField field={fields.prefecture!} label={t("call.prefecture")} placeholder={t("call.choose")} options={prefectures.map((prefecture) => ({ value: prefecture.code, label: prefectureName(prefecture.code, i18n.language) }))} />
          <Choice field={fields.ageBand!} legend={t("call.ageBand")} options={panelAgeBands.map((value) => ({ value, label: t(`ageBands.${value}`) }))} />
          <p className="hint">{t("call.makeUpHint")}</p>
          <TextAreaField field={fields.motivation!} label={t("call.motivation")} hint={t("call.motivationHint")} rows={6} />
          <TextAreaField field={fields.needs!} label={t("call.needs")} hint={t("call.needsHint")} rows={3} />
          <div>
            <button type="submit" className="button">
              {t("call.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <p data-testid="call-not-open">{t(`call.notOpen.${call.state}`)}</p>
      )}
    </article>
  );
}
