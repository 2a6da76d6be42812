import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { FormErrors } from "../../components/form-field";
import { PaperProvisionNoticeSchema, recordPaperProvisionNotice } from "../../domain/consent/index.server";
import { japanDate } from "../../domain/time/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:provisionNotice.title");

/**
 * A coordinator records that the clinic gave the 2024 law's notice on paper (issue 58 item 1, ADR 140), on the day it
 * was given. It counts as the notice from that day, as one read online; the participant's page says which.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  return { participantId, today: japanDate(new Date()) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const { submission } = await parseForm(request, PaperProvisionNoticeSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await recordPaperProvisionNotice({ participantId, staff: { userId: session.userId, role: session.user.role }, givenOn: submission.value.givenOn, request: await requestContextOf(request, context) });
  throw redirect(`/staff/participants/${encodeURIComponent(participantId)}/provision-notice?recorded=1`);
}

export default function PaperProvisionNotice() {
  const { t } = useTranslation("enrolment");
  const { participantId, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm({ id: "paper-provision-notice", lastResult: actionData?.result, defaultValue: { givenOn: today } });
  return (
    <div className="stack">
      <h1>{t("provisionNotice.title")}</h1>
      {params.get("recorded") ? (
        <p className="alert" role="status" data-testid="provision-notice-recorded">
          {t("provisionNotice.recorded")}
        </p>
      ) : null}
      <p>{t("provisionNotice.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.givenOn.id}>{t("provisionNotice.givenOn")}</label>
          <input {...getInputProps(fields.givenOn, { type: "date" })} max={today} min="2024-04-01" />
          <FieldErrors id={fields.givenOn.errorId} errors={fields.givenOn.errors} />
        </div>
        <button type="submit" className="button">
          {t("provisionNotice.record")}
        </button>
      </Form>
      <p>
        <a href={`/staff/participants/${encodeURIComponent(participantId)}`}>{t("provisionNotice.back")}</a>
      </p>
    </div>
  );
}
