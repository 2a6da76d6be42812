import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors, SelectField, TextAreaField } from "../../components/form-field";
import { RightsRequestSteps } from "../../components/rights/rights-request-steps";
import { UserText } from "../../components/user-text";
import { RecordRightsStepSchema, rightsRequestOutcomes } from "../../domain/rights/index";
import { loadRightsRequestForStaff, recordRightsStep } from "../../domain/rights/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:rights.staff.requestTitle");

/**
 * One request at the coordinator's facility (ADR 142): what the person asked, every step so far, and the next step —
 * work begun, or the answer with its outcome and the words the person reads. Another facility's request is not found.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireStaffAccess(request, context, "requests:answer");
  return json(await loadRightsRequestForStaff({ requestId: params.requestId ?? "", scope: access.scope }));
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "requests:answer");
  const { submission } = await parseForm(request, RecordRightsStepSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await recordRightsStep({ requestId: params.requestId ?? "", actorUserId: session.userId, scope: access.scope, input: submission.value, request: await requestContextOf(request, context) });
  throw redirect(`/staff/requests/${params.requestId}?saved=${submission.value.state}`);
}

export default function StaffRightsRequest() {
  const { t } = useTranslation("dashboard");
  const { request: made, steps } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ state: string; outcome: string; note: string }>({ id: "rights-step", lastResult: actionData?.result });
  const saved = params.get("saved");
  return (
    <div className="stack">
      <h1>
        {made.reference} · {t(`rights.kinds.${made.kind}.title`)}
      </h1>
      {saved === "in_progress" || saved === "answered" ? (
        <div className="alert alert--success" role="status">
          <p>{t(`rights.staff.saved.${saved}`)}</p>
        </div>
      ) : null}
      <dl className="dash-facts">
        <div>
          <dt>{t("rights.staff.participant")}</dt>
          <dd>
            <a className="mono" href={`/staff/participants/${made.participantId}`}>
              {made.pseudonym}
            </a>
            {made.asProxy ? ` · ${t("rights.staff.byProxy")}` : null}
          </dd>
        </div>
        <div>
          <dt>{t("rights.receipt.received")}</dt>
          <dd>
            <DateTime value={made.receivedAt} withUtc />
          </dd>
        </div>
        <div>
          <dt>{t("rights.receipt.due")}</dt>
          <dd data-overdue={made.overdue ? "yes" : "no"}>
            <DateTime value={made.dueAt} withUtc />
            {made.overdue ? ` · ${t("rights.list.overdue")}` : null}
          </dd>
        </div>
        <div>
          <dt>{t("rights.receipt.standing")}</dt>
          <dd data-testid="rights-state">
            {t(`rights.states.${made.state}`)}
            {made.outcome ? ` · ${t(`rights.outcomes.${made.outcome}`)}` : null}
          </dd>
        </div>
      </dl>
      <section className="panel stack" aria-labelledby="asked-heading">
        <h2 id="asked-heading">{t("rights.receipt.details")}</h2>
        {made.details ? (
          <p>
            <UserText text={made.details} />
          </p>
        ) : (
          <p className="muted">{t("rights.staff.noDetails")}</p>
        )}
        {made.kind === "deletion" ? <p>{t("rights.staff.deletionGuide")}</p> : null}
      </section>
      <section className="panel stack" aria-labelledby="steps-heading">
        <h2 id="steps-heading">{t("rights.receipt.steps")}</h2>
        <RightsRequestSteps steps={steps} withUtc />
      </section>
      {made.state === "answered" ? null : (
        <Form method="post" {...getFormProps(form)} className="panel stack">
          <h2>{t("rights.staff.nextStep")}</h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField
            field={fields.state}
            label={t("rights.staff.stateLabel")}
            options={[
              { value: "in_progress", label: t("rights.states.in_progress") },
              { value: "answered", label: t("rights.states.answered") },
            ]}
          />
          <SelectField field={fields.outcome} label={t("rights.staff.outcomeLabel")} hint={t("rights.staff.outcomeHint")} options={rightsRequestOutcomes.map((outcome) => ({ value: outcome, label: t(`rights.outcomes.${outcome}`) }))} placeholder="" />
          <TextAreaField field={fields.note} label={t("rights.staff.noteLabel")} hint={t("rights.staff.noteHint")} rows={5} />
          <button type="submit" className="button">
            {t("rights.staff.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
