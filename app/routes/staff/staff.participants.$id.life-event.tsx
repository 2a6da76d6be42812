import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRecentAuthentication } from "../../auth/guards.server";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { FormErrors, SelectField } from "../../components/form-field";
import { recordLifeEvent, RecordLifeEventSchema } from "../../domain/consent/index.server";
import { japanDate } from "../../domain/time/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:lifeEvent.title");

const sources = ["hospital_record", "family_report", "registry", "clinician_assessment"] as const;

/**
 * A coordinator records that a participant died or lost the capacity to decide, with its day and its source (issue 58
 * item 4, ADR 143). It cannot be taken back here: it asks for a fresh proof and a confirmation, and the page says what
 * follows from its commit.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  return { participantId, today: japanDate(new Date()) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  requireRecentAuthentication(session, request);
  const { submission } = await parseForm(request, RecordLifeEventSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await recordLifeEvent({ participantId, input: submission.value, actor: { userId: session.userId, role: session.user.role }, request: await requestContextOf(request, context) });
  throw redirect(`/staff/participants/${encodeURIComponent(participantId)}/life-event?recorded=1`);
}

export default function RecordLifeEvent() {
  const { t } = useTranslation("enrolment");
  const { participantId, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ kind: string; occurredOn: string; source: string; confirm: string }>({ id: "life-event", lastResult: actionData?.result, defaultValue: { occurredOn: today } });
  return (
    <div className="stack">
      <h1>{t("lifeEvent.title")}</h1>
      {params.get("recorded") ? (
        <p className="alert" role="status" data-testid="life-event-recorded">
          {t("lifeEvent.recorded")}
        </p>
      ) : null}
      <p>{t("lifeEvent.intro")}</p>
      <ul>
        <li>{t("lifeEvent.effects.disposition")}</li>
        <li>{t("lifeEvent.effects.noContact")}</li>
        <li>{t("lifeEvent.effects.proxies")}</li>
      </ul>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          field={fields.kind}
          label={t("lifeEvent.kind")}
          options={[
            { value: "death", label: t("lifeEvent.kinds.death") },
            { value: "incapacity", label: t("lifeEvent.kinds.incapacity") },
          ]}
          placeholder=""
        />
        <div className="field">
          <label htmlFor={fields.occurredOn.id}>{t("lifeEvent.occurredOn")}</label>
          <input {...getInputProps(fields.occurredOn, { type: "date" })} max={today} />
          <FieldErrors id={fields.occurredOn.errorId} errors={fields.occurredOn.errors} />
        </div>
        <SelectField field={fields.source} label={t("lifeEvent.source")} options={sources.map((source) => ({ value: source, label: t(`lifeEvent.sources.${source}`) }))} placeholder="" />
        <div className="field">
          <label className="choice">
            <input type="checkbox" name="confirm" value="yes" /> {t("lifeEvent.confirm")}
          </label>
          <FieldErrors id={fields.confirm.errorId} errors={fields.confirm.errors} />
        </div>
        <button type="submit" className="button button--danger">
          {t("lifeEvent.record")}
        </button>
      </Form>
      <p>
        <a href={`/staff/participants/${encodeURIComponent(participantId)}`}>{t("lifeEvent.back")}</a>
      </p>
    </div>
  );
}
