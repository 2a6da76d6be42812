import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { DateTime } from "../components/date-time";
import { UserText } from "../components/user-text";
import { isAppError } from "../domain/app-error";
import { facilityName } from "../domain/facilities/facility-kinds";
import {
  appointmentLanguages,
  appointmentModes,
  OpeningReasonSchema,
  relativesWishes,
  stepInputSchemas,
  type Appointment,
  type CaseEventType,
  type CloseReason,
} from "../domain/findings/case-event";
import { CaseStepRefusedError } from "../domain/findings/case-step-refused";
import { caseSteps, type CaseStep } from "../domain/findings/case-workflow";
import { loadFindingCase } from "../domain/findings/load-finding-case.server";
import { openSealedFinding } from "../domain/findings/open-sealed-finding.server";
import { takeCaseStep } from "../domain/findings/take-case-step.server";
import { firstCharacters } from "../domain/text/text-rules";
import { parseForm } from "../forms/parse-form.server";
import { pageTitle } from "../i18n/page-title";
import { notFound } from "../forms/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "findings:case.title", { pseudonym: data?.pseudonym ?? "" });

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "findings:counsel");
  try {
    const view = await loadFindingCase({ findingId: params.id ?? "", actorId: session.userId });
    return json({ ...view, history: view.history.map((entry) => ({ ...entry, at: entry.at.toISOString() })) });
  } catch (error) {
    // Hidden by the participant's consent, at another facility, or no such finding: all the same "not found".
    if (isAppError(error) && error.code === "not_found") throw notFound();
    throw error;
  }
}

type Intent = CaseStep | "open_sealed";
const intents: readonly Intent[] = [...caseSteps, "open_sealed"];
const formFields = ["at", "mode", "place", "language", "date", "attendees", "understood", "wishes", "note", "reason"] as const;
const schemaFor = (intent: Intent): z.ZodType => (intent === "open_sealed" ? OpeningReasonSchema : stepInputSchemas[intent]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "findings:counsel");
  const intent = new URL(request.url).searchParams.get("intent") as Intent | null;
  // Only a hand-made request names another step: the page's forms post these alone.
  if (!intent || !intents.includes(intent)) return json({ intent: null, errors: {} as Record<string, string[]>, refusal: null, values: {} as Record<string, string> }, { status: 400 });
  const { submission, formData } = await parseForm(request, schemaFor(intent));
  // What was typed goes back into the form, cut by characters (a 𠮷 at the edge is not split) and only for the form's own fields.
  const values = Object.fromEntries(formFields.filter((name) => typeof formData.get(name) === "string").map((name) => [name, firstCharacters(String(formData.get(name)), 1000)]));
  if (submission.status !== "success") {
    const errors = Object.fromEntries(Object.entries(submission.error ?? {}).map(([name, list]) => [name, list ?? []]));
    return json({ intent, errors, refusal: null, values }, { status: 400 });
  }
  const findingId = params.id ?? "";
  const request_ = await requestContextOf(request, context);
  try {
    if (intent === "open_sealed") await openSealedFinding({ findingId, reason: (submission.value as { reason: string }).reason, actorId: session.userId, request: request_ });
    else await takeCaseStep({ findingId, step: intent, input: submission.value, actorId: session.userId, request: request_ });
  } catch (error) {
    if (error instanceof CaseStepRefusedError) return json({ intent, errors: {}, refusal: error.reason, values }, { status: 409 });
    if (isAppError(error) && error.code === "not_found") throw notFound();
    if (isAppError(error) && error.code === "invalid_input") return json({ intent, errors: {}, refusal: null, values }, { status: 400 });
    throw error;
  }
  throw redirect(`/staff/findings/${findingId}?done=${intent}`);
}

type ActionData = { intent: Intent | null; errors: Record<string, string[]>; refusal: string | null; values: Record<string, string> };

export default function FindingCase() {
  const { t, i18n } = useTranslation("findings");
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const stateKey = view.updated ? "updated" : view.queueState;
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
      {actionData?.refusal ? (
        <div className="alert alert--error" role="alert">
          <p>{t(`refusal.${actionData.refusal}`)}</p>
        </div>
      ) : null}
      {actionData && !actionData.refusal ? (
        <div className="alert alert--error" role="alert">
          <p>{t("errors.form")}</p>
        </div>
      ) : null}
      <dl className="summary-list">
        <dt>{t("case.category")}</dt>
        <dd>{t(`category.${view.category}`)}</dd>
        <dt>{t("case.facility")}</dt>
        <dd>{facilityName(view.facility, i18n.language)}</dd>
        <dt>{t("case.state")}</dt>
        <dd>{t(`state.${stateKey}`)}</dd>
        <dt>{t("case.days")}</dt>
        <dd>{t("queue.days", { count: view.daysWaiting })}</dd>
        <dt>{t("case.claimedBy")}</dt>
        <dd>{view.claimedBy ? view.claimedBy.displayName : t("queue.unclaimed")}</dd>
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
              <TextArea intent="open_sealed" name="reason" label={t("sealed.reason")} hint={t("sealed.hint")} actionData={actionData} />
            </StepForm>
          </>
        )}
      </section>

      {view.allowedSteps.map((step) => (
        <section key={step} className="stack" aria-labelledby={`${step}-heading`}>
          <h2 id={`${step}-heading`}>{t(`steps.${step}.heading`)}</h2>
          <StepForm intent={step} submit={t(`steps.${step}.submit`)} actionData={actionData}>
            <StepFields step={step} closeReasons={view.closeReasons} actionData={actionData} />
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

function StepForm({ intent, submit, actionData, children }: { intent: Intent; submit: string; actionData?: ActionData; children?: ReactNode }) {
  return (
    <Form method="post" action={`?intent=${intent}`} noValidate className="stack" key={actionData?.intent === intent ? "answered" : "fresh"}>
      {children}
      <button type="submit" className="button">
        {submit}
      </button>
    </Form>
  );
}

function fieldState(intent: Intent, name: string, actionData?: ActionData) {
  const id = `${intent}-${name}`;
  const mine = actionData?.intent === intent;
  const errors = mine ? (actionData.errors[name] ?? []) : [];
  return { id, errors, invalid: errors.length > 0, typed: mine ? actionData.values?.[name] : undefined };
}

function FieldShell({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors: string[]; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children}
      {errors.length > 0 ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: boolean, invalid: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function TextInput({ intent, name, label, hint, type = "text", actionData }: { intent: Intent; name: string; label: string; hint?: string; type?: "text" | "date" | "datetime-local"; actionData?: ActionData }) {
  const { id, errors, invalid, typed } = fieldState(intent, name, actionData);
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <input id={id} name={name} type={type} defaultValue={typed} aria-invalid={invalid || undefined} aria-describedby={describedBy(id, Boolean(hint), invalid)} />
    </FieldShell>
  );
}

function TextArea({ intent, name, label, hint, actionData }: { intent: Intent; name: string; label: string; hint?: string; actionData?: ActionData }) {
  const { id, errors, invalid, typed } = fieldState(intent, name, actionData);
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <textarea id={id} name={name} rows={3} defaultValue={typed} aria-invalid={invalid || undefined} aria-describedby={describedBy(id, Boolean(hint), invalid)} />
    </FieldShell>
  );
}

function Select({
  intent,
  name,
  label,
  options,
  placeholder,
  actionData,
}: {
  intent: Intent;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  /** An empty first choice, selected until one is made: where the first option would be a record made by default. */
  placeholder?: string;
  actionData?: ActionData;
}) {
  const { id, errors, invalid, typed } = fieldState(intent, name, actionData);
  return (
    <FieldShell id={id} label={label} errors={errors}>
      <select id={id} name={name} defaultValue={typed && options.some((option) => option.value === typed) ? typed : placeholder !== undefined ? "" : undefined} aria-invalid={invalid || undefined} aria-describedby={describedBy(id, false, invalid)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

function StepFields({ step, closeReasons, actionData }: { step: CaseStep; closeReasons: readonly CloseReason[]; actionData?: ActionData }) {
  const { t } = useTranslation("findings");
  const common = { intent: step, actionData };
  switch (step) {
    case "schedule_appointment":
      return (
        <>
          <TextInput {...common} name="at" type="datetime-local" label={t("field.at")} />
          <Select {...common} name="mode" label={t("field.mode")} options={appointmentModes.map((mode) => ({ value: mode, label: t(`field.modes.${mode}`) }))} />
          <TextInput {...common} name="place" label={t("field.place")} hint={t("field.placeHint")} />
          <Select {...common} name="language" label={t("field.language")} options={appointmentLanguages.map((language) => ({ value: language, label: t(`field.languages.${language}`) }))} />
        </>
      );
    case "record_counselling":
    case "record_disclosure":
      return (
        <>
          <TextInput {...common} name="date" type="date" label={t("field.date")} />
          <TextInput {...common} name="attendees" label={t("field.attendees")} />
          <TextArea {...common} name="understood" label={t("field.understood")} />
        </>
      );
    case "record_relatives_wishes":
      return (
        <>
          <Select {...common} name="wishes" label={t("field.wishes")} options={relativesWishes.map((wish) => ({ value: wish, label: t(`field.wishesOptions.${wish}`) }))} />
          <TextArea {...common} name="note" label={t("field.note")} />
        </>
      );
    case "close":
      return (
        <>
          <Select
            {...common}
            name="reason"
            label={t("field.closeReason")}
            placeholder={t("field.choosePlaceholder")}
            options={closeReasons.map((reason) => ({ value: reason, label: t(`field.closeReasons.${reason}`) }))}
          />
          <TextArea {...common} name="note" label={t("field.note")} />
        </>
      );
    default:
      return null;
  }
}
