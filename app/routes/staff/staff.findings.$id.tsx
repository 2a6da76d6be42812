import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { facilityName } from "../../domain/facilities/index";
import {
  appointmentLanguages,
  appointmentModes,
  OpeningReasonSchema,
  relativesWishes,
  stepInputSchemas,
  type Appointment,
  type CaseEventType,
  type CloseReason,
} from "../../domain/findings/index";
import { caseSteps, type CaseStep } from "../../domain/findings/index";
import { loadFindingCase } from "../../domain/findings/index.server";
import { openSealedFinding } from "../../domain/findings/index.server";
import { takeCaseStep } from "../../domain/findings/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { badRequest, invalidForm } from "../../forms/refusals.server";
import { FormField, SelectField, TextAreaField } from "../../components/form-field";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "findings:case.title", { pseudonym: data?.pseudonym ?? "" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "findings:counsel");
  // Hidden by the participant's consent, at another facility, or no such finding: all the same "not found".
  const view = await loadFindingCase({ findingId: params.id ?? "", actorId: session.userId });
  return json({ ...view, history: view.history.map((entry) => ({ ...entry, at: entry.at.toISOString() })) });
}

type Intent = CaseStep | "open_sealed";
const intents: readonly Intent[] = [...caseSteps, "open_sealed"];
const schemaFor = (intent: Intent): z.ZodType => (intent === "open_sealed" ? OpeningReasonSchema : stepInputSchemas[intent]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "findings:counsel");
  const intent = new URL(request.url).searchParams.get("intent") as Intent | null;
  // Only a hand-made request names another step: the page's forms post these alone.
  if (!intent || !intents.includes(intent)) throw badRequest();
  // A step the case's facts do not allow now is said above its form (409); hidden or unknown is the 404 page.
  const { submission } = await parseForm(request, schemaFor(intent), { extra: { intent } });
  if (submission.status !== "success") return invalidForm(submission, { intent });
  const findingId = params.id ?? "";
  const request_ = await requestContextOf(request, context);
  if (intent === "open_sealed") await openSealedFinding({ findingId, reason: (submission.value as { reason: string }).reason, actorId: session.userId, request: request_ });
  else await takeCaseStep({ findingId, step: intent, input: submission.value, actorId: session.userId, request: request_ });
  throw redirect(`/staff/findings/${findingId}?done=${intent}`);
}

type ActionData = { intent: Intent; result: SubmissionResult<string[]> };

export default function FindingCase() {
  const { t, i18n } = useTranslation("findings");
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  return (
    <div className="stack">
      <p>
        <a href="/staff/findings">{t("case.back")}</a>
      </p>
      <h1>{t("case.title", { pseudonym: view.pseudonym })}</h1>
      {searchParams.get("done") && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("case.done")}</p>
        </div>
      ) : null}
      {actionData ? (
        <div className="alert alert--error" role="alert">
          <p>{actionData.result.error?.[""]?.join(" ") || t("errors.form")}</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <dt>{t("case.category")}</dt>
        <dd>{t(`category.${view.category}`)}</dd>
        <dt>{t("case.facility")}</dt>
        <dd>{facilityName(view.facility, i18n.language)}</dd>
        <dt>{t("case.state")}</dt>
        <dd>{t(`state.${view.status}`)}</dd>
        {view.closed ? (
          <>
            <dt>{t("case.closedBy")}</dt>
            <dd>{view.closedBy?.displayName || t("history.system")}</dd>
          </>
        ) : (
          <>
            <dt>{t("case.days")}</dt>
            <dd>{t("queue.days", { count: view.daysWaiting })}</dd>
            <dt>{t("case.claimedBy")}</dt>
            <dd>{view.claimedBy ? view.claimedBy.displayName : t("queue.unclaimed")}</dd>
          </>
        )}
        {view.appointment ? (
          <>
            <dt>{t("case.appointment")}</dt>
            <dd>
              <AppointmentText appointment={view.appointment} />
            </dd>
          </>
        ) : null}
      </dl>
      {view.closed ? <p>{t("case.closed")}</p> : null}

      <section className="stack" aria-labelledby="content-heading">
        {view.content ? (
          <>
            <h2 id="content-heading">{t("content.heading")}</h2>
            {view.contentAccess === "opened" ? <p className="alert alert--warning">{t("sealed.opened")}</p> : null}
            <dl className="summary-list">
              <dt>{t("content.gene")}</dt>
              <dd className="mono">{view.content.gene}</dd>
              <dt>{t("content.variant")}</dt>
              <dd className="mono">
                <UserText text={view.content.variantHgvs} />
              </dd>
              <dt>{t("content.classification")}</dt>
              <dd>{t(`classification.${view.content.classification}`)}</dd>
              <dt>{t("content.evidence")}</dt>
              <dd>
                <UserText text={view.content.evidenceSummary} />
              </dd>
              <dt>{t("content.version")}</dt>
              <dd>{view.content.version}</dd>
            </dl>
            {view.content.reinterpretation ? <p>{t("content.reinterpreted")}</p> : null}
          </>
        ) : (
          <>
            <h2 id="content-heading">{t("sealed.heading")}</h2>
            <p>{t("sealed.body")}</p>
            <StepForm intent="open_sealed" submit={t("sealed.submit")} actionData={actionData}>
              {(fields) => <TextAreaField field={fields.reason} label={t("sealed.reason")} hint={t("sealed.hint")} rows={3} />}
            </StepForm>
          </>
        )}
      </section>

      {view.allowedSteps.map((step) => (
        <section key={step} className="stack" aria-labelledby={`${step}-heading`}>
          <h2 id={`${step}-heading`}>{t(`steps.${step}.heading`)}</h2>
          <StepForm intent={step} submit={t(`steps.${step}.submit`)} actionData={actionData}>
            {(fields) => <StepFields step={step} closeReasons={view.closeReasons} fields={fields} />}
          </StepForm>
        </section>
      ))}

      <section className="stack" aria-labelledby="history-heading">
        <h2 id="history-heading">{t("history.heading")}</h2>
        {view.history.length === 0 ? (
          <p>{t("history.empty")}</p>
        ) : (
          <ol className="list-plain stack">
            {view.history.map((entry) => (
              <li key={entry.seq}>
                <p>
                  <strong>{t(`event.${entry.type}`)}</strong> · <DateTime value={entry.at} withUtc /> · {entry.actor ?? t("history.system")}
                </p>
                <EventDetail type={entry.type} payload={entry.payload} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function AppointmentText({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation("findings");
  return (
    <>
      {appointment.at.replace("T", " ")} · {t(`field.modes.${appointment.mode}`)}
      {appointment.place ? (
        <>
          {" · "}
          <UserText text={appointment.place} />
        </>
      ) : null}{" "}
      · {t(`field.languages.${appointment.language}`)}
    </>
  );
}

function EventDetail({ type, payload }: { type: CaseEventType; payload: unknown }) {
  const { t } = useTranslation("findings");
  const value = (payload ?? {}) as Record<string, string | undefined>;
  switch (type) {
    case "appointment_scheduled":
      return (
        <p>
          <AppointmentText appointment={payload as Appointment} />
        </p>
      );
    case "counselling_recorded":
    case "disclosure_recorded":
      return (
        <dl className="summary-list">
          <dt>{t("field.date")}</dt>
          <dd>{value.date}</dd>
          <dt>{t("field.attendees")}</dt>
          <dd>
            <UserText text={value.attendees ?? ""} />
          </dd>
          <dt>{t("field.understood")}</dt>
          <dd>
            <UserText text={value.understood ?? ""} />
          </dd>
        </dl>
      );
    case "relatives_wishes_recorded":
    case "closed":
      return (
        <p>
          {type === "closed" ? t(`field.closeReasons.${value.reason}`) : t(`field.wishesOptions.${value.wishes}`)}
          {value.note ? (
            <>
              {" — "}
              <UserText text={value.note} />
            </>
          ) : null}
        </p>
      );
    case "sealed_content_opened":
      return (
        <p>
          <UserText text={value.reason ?? ""} />
        </p>
      );
    default:
      return null;
  }
}

type StepFieldName = "at" | "mode" | "place" | "language" | "date" | "attendees" | "understood" | "wishes" | "note" | "reason";
type StepFieldset = Record<StepFieldName, FieldMetadata<string>>;

/** One step's form: its own Conform form (id = the step), shown with the answer only when the answer is its own. */
function StepForm({ intent, submit, actionData, children }: { intent: Intent; submit: string; actionData?: ActionData; children: (fields: StepFieldset) => ReactNode }) {
  const [form, fields] = useForm<Record<StepFieldName, string>>({ id: intent, lastResult: actionData?.intent === intent ? actionData.result : undefined });
  return (
    <Form method="post" action={`?intent=${intent}`} {...getFormProps(form)} className="stack">
      {children(fields as unknown as StepFieldset)}
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}

function StepFields({ step, closeReasons, fields }: { step: CaseStep; closeReasons: readonly CloseReason[]; fields: StepFieldset }) {
  const { t } = useTranslation("findings");
  switch (step) {
    case "schedule_appointment":
      return (
        <>
          <FormField field={fields.at} type="datetime-local" label={t("field.at")} />
          <SelectField field={fields.mode} label={t("field.mode")} options={appointmentModes.map((mode) => ({ value: mode, label: t(`field.modes.${mode}`) }))} />
          <FormField field={fields.place} label={t("field.place")} hint={t("field.placeHint")} />
          <SelectField field={fields.language} label={t("field.language")} options={appointmentLanguages.map((language) => ({ value: language, label: t(`field.languages.${language}`) }))} />
        </>
      );
    case "record_counselling":
    case "record_disclosure":
      return (
        <>
          <FormField field={fields.date} type="date" label={t("field.date")} />
          <FormField field={fields.attendees} label={t("field.attendees")} />
          <TextAreaField field={fields.understood} label={t("field.understood")} rows={3} />
        </>
      );
    case "record_relatives_wishes":
      return (
        <>
          <SelectField field={fields.wishes} label={t("field.wishes")} options={relativesWishes.map((wish) => ({ value: wish, label: t(`field.wishesOptions.${wish}`) }))} />
          <TextAreaField field={fields.note} label={t("field.note")} rows={3} />
        </>
      );
    case "close":
      return (
        <>
          <SelectField field={fields.reason} label={t("field.closeReason")} placeholder={t("field.choosePlaceholder")} options={closeReasons.map((reason) => ({ value: reason, label: t(`field.closeReasons.${reason}`) }))} />
          <TextAreaField field={fields.note} label={t("field.note")} rows={3} />
        </>
      );
    default:
      return null;
  }
}
