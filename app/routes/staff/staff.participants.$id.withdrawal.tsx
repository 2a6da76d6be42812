import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors, WithdrawalLevelExplanation } from "../../components/consent-dashboard";
import { aboutPerson } from "../../domain/consent/index";
import { FormErrors } from "../../components/form-field";
import { loadParticipantForWithdrawal, ReceivedWithdrawalSchema, recordReceivedWithdrawal, reviewReceivedWithdrawal } from "../../domain/consent/index.server";
import { receivedWithdrawalChannels } from "../../domain/consent/index";
import { normaliseVerificationCode } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import dashboardStyles from "../../styles/consent-dashboard.css?url";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { invalidForm } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "dashboard:staffWithdrawal.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const participant = await loadParticipantForWithdrawal({ participantId, staffUserId: session.userId, request: await requestContextOf(request, context) });
  const recorded = normaliseVerificationCode(new URL(request.url).searchParams.get("recorded") ?? "");
  return json({ participant, recorded });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const { submission } = await parseForm(request, ReceivedWithdrawalSchema, { extra: { step: "edit" } });
  if (submission.status !== "success") return invalidForm(submission, { step: "edit" as const });
  const requestContext = await requestContextOf(request, context);
  if (submission.value.intent === "review") {
    await reviewReceivedWithdrawal({ participantId, staffUserId: session.userId, level: submission.value.level, request: requestContext });
    return json({ step: "review" as const, input: submission.value });
  }
  const event = await recordReceivedWithdrawal({ participantId, staff: { userId: session.userId, role: session.user.role }, input: submission.value, request: requestContext });
  throw redirect(`/staff/participants/${encodeURIComponent(participantId)}/withdrawal?recorded=${encodeURIComponent(event.verificationCode)}`);
}

export default function StaffWithdrawal() {
  const { t } = useTranslation(["dashboard", "documents"]);
  const { participant, recorded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ intent: string; channel: string; level: string; note: string }>({
    id: "received-withdrawal",
    lastResult: actionData?.step === "edit" ? actionData.result : undefined,
  });
  const here = `/staff/participants/${participant.participantId}/withdrawal`;
  const record = `/staff/participants/${participant.participantId}`;

  const facts = (
    <section className="panel" aria-labelledby="participant-heading">
      <h2 id="participant-heading">{t("staffWithdrawal.participant")}</h2>
      <dl className="dash-facts">
        <dt>{t("staffWithdrawal.fullName")}</dt>
        <dd>
          <PersonName name={participant.fullName} />
        </dd>
        <dt>{t("staffWithdrawal.dateOfBirth")}</dt>
        <dd>{participant.dateOfBirth}</dd>
        <dt>{t("staffWithdrawal.pseudonym")}</dt>
        <dd className="mono">{participant.pseudonym}</dd>
        <dt>{t("staffWithdrawal.status")}</dt>
        <dd data-testid="staff-consent-status">
          {participant.status === null
            ? t("staffWithdrawal.noConsentShort")
            : participant.current
              ? t("status.withdrawn", { level: t(`documents:withdrawalLevels.${participant.current}`) })
              : t(`status.${participant.status}`)}
        </dd>
      </dl>
      <p>{t("staffWithdrawal.readBack")}</p>
    </section>
  );

  if (actionData?.step === "review") {
    const { input } = actionData;
    return (
      <div className="stack">
        <h1>{t("staffWithdrawal.confirmTitle")}</h1>
        {facts}
        <section className="panel" aria-labelledby="review-heading">
          <h2 id="review-heading">{t(`documents:withdrawalLevels.${input.level}`)}</h2>
          <dl className="dash-facts" data-testid="staff-review">
            <dt>{t("staffWithdrawal.channel")}</dt>
            <dd>{t(`staffWithdrawal.channels.${input.channel}`)}</dd>
            <dt>{t("staffWithdrawal.note")}</dt>
            <dd>
              <UserText text={input.note} />
            </dd>
          </dl>
          <WithdrawalLevelExplanation level={input.level} audience="staff" subject={aboutPerson(participant.fullName)} />
          <p>
            <strong>{t("staffWithdrawal.confirmLead")}</strong>
          </p>
        </section>
        <Form noValidate method="post" action={here} className="dash-actions">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="channel" value={input.channel} />
          <input type="hidden" name="level" value={input.level} />
          <input type="hidden" name="note" value={input.note} />
          <button type="submit" className="button button--danger">
            {t("staffWithdrawal.confirm")}
          </button>
          <a className="button button--secondary" href={here}>
            {t("staffWithdrawal.back")}
          </a>
        </Form>
      </div>
    );
  }

  return (
    <div className="stack">
      <p>
        <a href={record}>{t("staffWithdrawal.backToRecord")}</a>
      </p>
      <h1>{t("staffWithdrawal.title")}</h1>
      {recorded ? (
        <div className="alert alert--success" role="status">
          <p>{t("staffWithdrawal.recorded", { code: recorded })}</p>
        </div>
      ) : null}
      {facts}
      {participant.status === null ? (
        <p className="alert">{t("staffWithdrawal.noConsent")}</p>
      ) : participant.available.length === 0 ? (
        <p className="alert">{t("staffWithdrawal.nothingLeft")}</p>
      ) : (
        <Form method="post" action={here} {...getFormProps(form)} className="panel">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="review" />
          <fieldset className="dash-options" aria-describedby={fields.channel.errors?.length ? fields.channel.errorId : undefined}>
            <legend>{t("staffWithdrawal.channel")}</legend>
            {receivedWithdrawalChannels.map((channel) => (
              <label key={channel} className="dash-option">
                <input type="radio" name="channel" value={channel} defaultChecked={fields.channel.initialValue === channel} />
                <span className="dash-option__title">{t(`staffWithdrawal.channels.${channel}`)}</span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id={fields.channel.errorId} errors={fields.channel.errors} />
          <fieldset className="dash-options" aria-describedby={fields.level.errors?.length ? fields.level.errorId : undefined}>
            <legend>{t("staffWithdrawal.level")}</legend>
            <p>{t("staffWithdrawal.onlyStricter")}</p>
            {participant.available.map((level) => (
              <div key={level} className="dash-level">
                <label className="dash-option">
                  <input type="radio" name="level" value={level} aria-describedby={`explain-${level}`} defaultChecked={fields.level.initialValue === level} />
                  <span className="dash-option__title">{t(`documents:withdrawalLevels.${level}`)}</span>
                </label>
                <div id={`explain-${level}`} className="dash-level__explain">
                  <WithdrawalLevelExplanation level={level} audience="staff" subject={aboutPerson(participant.fullName)} />
                </div>
              </div>
            ))}
          </fieldset>
          <FieldErrors id={fields.level.errorId} errors={fields.level.errors} />
          <div className="field">
            <label htmlFor={fields.note.id}>{t("staffWithdrawal.note")}</label>
            <span className="hint" id={`${fields.note.id}-hint`}>
              {t("staffWithdrawal.noteHint")}
            </span>
            <textarea
              id={fields.note.id}
              name={fields.note.name}
              className="dash-textarea"
              rows={4}
              defaultValue={fields.note.initialValue ?? ""}
              aria-invalid={fields.note.errors?.length ? true : undefined}
              aria-describedby={`${fields.note.id}-hint${fields.note.errors?.length ? ` ${fields.note.errorId}` : ""}`}
            />
            <FieldErrors id={fields.note.errorId} errors={fields.note.errors} />
          </div>
          <button type="submit" className="button">
            {t("staffWithdrawal.review")}
          </button>
        </Form>
      )}
    </div>
  );
}
