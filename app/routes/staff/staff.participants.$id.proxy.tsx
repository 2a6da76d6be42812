import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRecentAuthentication } from "../../auth/guards.server";
import { setHandoverCookie } from "../../auth/handover-cookie.server";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { FormErrors, FormField, SelectField } from "../../components/form-field";
import { proxyRelationships } from "../../domain/consent/index";
import { appointProxy, AppointProxySchema, handoverFor, loadProxyAppointment } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { formatCalendarDay } from "../../i18n/calendar-day";
import { supportedLanguages, type SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:appointProxy.title");

const bases = ["nominated_relative", "legal_guardian", "family_consensus"] as const;

/**
 * After a loss of capacity is recorded, a coordinator appoints someone to act for the participant (issue 58, ADR 144):
 * by default the relative the participant named on their family page. The proxy receives an invitation like one made
 * at enrolment, its code handed over by the coordinator; a fresh proof is asked before it is written.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  return { participantId, standing: await loadProxyAppointment(participantId) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  requireRecentAuthentication(session, request);
  const { submission } = await parseForm(request, AppointProxySchema);
  if (submission.status !== "success") return invalidForm(submission);
  const appointed = await appointProxy({ participantId, input: submission.value, appointedById: session.userId, request: await requestContextOf(request, context) });
  throw redirect(`/staff/participants/${encodeURIComponent(participantId)}/handover`, { headers: { "Set-Cookie": await setHandoverCookie(handoverFor(appointed, session.userId)) } });
}

export default function AppointProxy() {
  const { t, i18n } = useTranslation(["enrolment", "common"]);
  const { participantId, standing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nominated = standing.nominated;
  const [form, fields] = useForm<{ fullName: string; email: string; relationship: string; language: string; basis: string; confirm: string }>({
    id: "appoint-proxy",
    lastResult: actionData?.result,
    defaultValue: nominated ? { fullName: nominated.fullName, email: nominated.email, relationship: nominated.relationship, language: nominated.language, basis: "nominated_relative" } : { language: "ja" },
  });
  const back = (
    <p>
      <a href={`/staff/participants/${encodeURIComponent(participantId)}`}>{t("appointProxy.back")}</a>
    </p>
  );
  const closed = standing.death ? "death" : !standing.incapacity ? "noIncapacity" : standing.currentProxy ? "hasProxy" : null;
  return (
    <div className="stack">
      <h1>{t("appointProxy.title")}</h1>
      <p>{t("appointProxy.intro")}</p>
      {closed ? (
        <section className="panel" data-testid="appoint-proxy-closed">
          <p>{t(`appointProxy.closed.${closed}`, { name: standing.currentProxy?.fullName ?? "" })}</p>
        </section>
      ) : (
        <>
          <p>{t("appointProxy.recorded", { date: formatCalendarDay(standing.incapacity!.on, i18n.language as SupportedLanguage) })}</p>
          <p data-testid="appoint-proxy-nominee">{nominated ? t("appointProxy.nominated", { name: nominated.fullName }) : t("appointProxy.noNominee")}</p>
          <ul>
            <li>{t("appointProxy.effects.invitation")}</li>
            <li>{t("appointProxy.effects.acts")}</li>
            <li>{t("appointProxy.effects.disposition")}</li>
          </ul>
          <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <FormField field={fields.fullName} label={t("fields.proxyFullName")} type="text" autoComplete="off" />
            <FormField field={fields.email} label={t("fields.proxyEmail")} hint={t("fields.proxyEmailHint")} type="email" autoComplete="off" />
            <SelectField field={fields.relationship} label={t("fields.proxyRelationship")} options={proxyRelationships.map((value) => ({ value, label: t(`relationship.${value}`) }))} placeholder={t("fields.choose")} />
            <SelectField field={fields.language} label={t("appointProxy.language")} options={supportedLanguages.map((language) => ({ value: language, label: t(`common:language.names.${language}`) }))} />
            <SelectField field={fields.basis} label={t("appointProxy.basis")} options={bases.map((basis) => ({ value: basis, label: t(`appointProxy.bases.${basis}`) }))} placeholder={t("fields.choose")} />
            <div className="field">
              <label className="choice">
                <input type="checkbox" name="confirm" value="yes" /> {t("appointProxy.confirm")}
              </label>
              <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
            </div>
            <button type="submit" className="button">
              {t("appointProxy.appoint")}
            </button>
          </Form>
        </>
      )}
      {back}
    </div>
  );
}
