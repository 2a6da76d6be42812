import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { prefectureName } from "../../domain/kernel/index";
import { DecideSchema, panelDecisions, reasonMax } from "../../domain/panel-recruitment/index";
import { decidePanelApplication, loadStaffPanelCall, type StaffPanelApplication } from "../../domain/panel-recruitment/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-calls:staff.callTitle");

/** One call's applications for staff (ADR 151): participants and families first, each decided with a reason after it closes. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "panel:recruit");
  return json({ call: await loadStaffPanelCall({ callId: params.callId ?? "", language: await getLanguage(request) }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "panel:recruit");
  const { submission } = await parseForm(request, DecideSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const callId = params.callId ?? "";
  await decidePanelApplication({ callId, input: submission.value, actorUserId: session.userId, request: await requestContextOf(request, context) });
  throw redirect(`/staff/panel-calls/${callId}?decided=${submission.value.applicationId}#application-${submission.value.applicationId}`);
}

function Application({ application, closed, errors }: { application: StaffPanelApplication; closed: boolean; errors: string[] | undefined }) {
  const { t, i18n } = useTranslation("panel-calls");
  const id = `application-${application.id}`;
  return (
    <li className="panel stack" id={id} data-testid="staff-application" data-state={application.state}>
      <h3>
        <UserText text={application.name} />
      </h3>
      <p>
        <span className="update-badge">{t(`connections.${application.connection}`)}</span> {application.verified ? t("staff.verified") : application.connection === "public" ? null : t("staff.declared")}{" "}
        <span className="update-badge" data-testid="application-state-badge">{t(`applicationStates.${application.state}`)}</span>
      </p>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t("call.email")}</dt>
          <dd>{application.email}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.diseaseArea")}</dt>
          <dd>{t(`diseaseAreas.${application.diseaseArea}`)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.prefecture")}</dt>
          <dd>{prefectureName(application.prefecture, i18n.language)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("call.ageBand")}</dt>
          <dd>{t(`ageBands.${application.ageBand}`)}</dd>
        </div>
        <div className="facts__row">
          <dt>{t("staff.sent")}</dt>
          <dd>
            <DateTime value={application.submittedAt} />
          </dd>
        </div>
      </dl>
      <h4>{t("call.motivation")}</h4>
      <p>
        <UserText text={application.motivation} />
      </p>
      {application.needs ? (
        <>
          <h4>{t("call.needs")}</h4>
          <p>
            <UserText text={application.needs} />
          </p>
        </>
      ) : null}
      {application.reason ? (
        <p data-testid="application-reason">
          {t("application.reason")}: <UserText text={application.reason} />
        </p>
      ) : null}
      {application.state === "selected" && !application.hasAccount ? <p className="alert">{t("staff.needsAccount")}</p> : null}
      {closed && application.state !== "withdrawn" ? (
        <Form method="post" noValidate className="stack" aria-label={t("staff.decideFor", { name: application.name })}>
          <FormErrors id={`${id}-errors`} errors={errors} />
          <input type="hidden" name="applicationId" value={application.id} />
          <fieldset className="field">
            <legend>{t("staff.decision")}</legend>
            {panelDecisions.map((decision) => (
              <label key={decision} className="choice">
                <input type="radio" name="decision" value={decision} defaultChecked={application.state === decision} /> {t(`applicationStates.${decision}`)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>{t("staff.reason")}</span>
            <span className="hint" id={`${id}-reason-hint`}>
              {t("staff.reasonHint", { max: reasonMax })}
            </span>
            <textarea name="reason" rows={3} aria-describedby={`${id}-reason-hint`} defaultValue={application.reason ?? ""} />
          </label>
          <div>
            <button type="submit" className="button">
              {t("staff.decide")}
            </button>
          </div>
        </Form>
      ) : null}
    </li>
  );
}

export default function StaffPanelCall() {
  const { t } = useTranslation("panel-calls");
  const { call } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failedFor = actionData?.result?.initialValue?.applicationId;
  const refusal = actionData ? fieldErrorsOf(actionData.result) : undefined;
  const errors = refusal ? [...(refusal[""] ?? []), ...Object.entries(refusal).filter(([key]) => key !== "").flatMap(([, value]) => value ?? [])] : undefined;
  const closed = call.state === "closed";
  return (
    <div className="stack">
      <p>
        <a href="/staff/panel-calls">{t("staff.back")}</a>
      </p>
      <h1>
        <UserText text={call.title} />
      </h1>
      {params.get("opened") === "1" ? (
        <p className="alert alert--success" role="status">
          {t("staff.opened")}
        </p>
      ) : null}
      <p data-testid="call-summary">
        {t(`states.${call.state}`)} · {t("staff.closes")} <DateTime value={call.closesAt} /> · {t("staff.counts", { applied: call.applications.filter((one) => one.state !== "withdrawn").length, selected: call.selected, seats: call.seats })}
      </p>
      <p>{closed ? t("staff.orderNote") : t("staff.openNote")}</p>
      <ul className="list-plain stack">
        {call.applications.map((application) => (
          <Application key={application.id} application={application} closed={closed} errors={failedFor === application.id ? errors : undefined} />
        ))}
      </ul>
    </div>
  );
}
