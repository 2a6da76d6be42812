import { getFormProps, getInputProps, getSelectProps, useForm, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { FormErrors } from "../../components/form-field";
import { acceptInvitation, EmailCodeSchema } from "../../domain/consent/index.server";
import { birthDateOptions, type Option } from "../../domain/consent/index";
import { checkInvitationIdentity, IdentityCheckSchema, restartInvitationCheck } from "../../domain/consent/index.server";
import { openInvitation, type InvitationStep } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { translator } from "../../i18n/i18n";
import { getLanguage, languageCookie } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:invitation.title");

const InvitationFormSchema = z.discriminatedUnion("intent", [
  IdentityCheckSchema.extend({ intent: z.literal("identity") }),
  EmailCodeSchema.extend({ intent: z.literal("email_code") }),
  z.object({ intent: z.literal("restart") }),
]);

type ActionData = { form: "identity" | "email_code"; result: SubmissionResult<string[]>; notice?: "code_expired" | "code_exhausted" | "account_conflict" };

// The link secret rides in the URL (?t=…) and is checked again on every step; nothing about progress is
// kept in the page, only on the invitation row.
function linkOf(request: Request, id: string | undefined) {
  const url = new URL(request.url);
  return { url, invitationId: id ?? "", linkSecret: url.searchParams.get("t") ?? "" };
}

const statusOf: Record<string, number> = { invalid: 404, expired: 403, revoked: 403, locked: 429, accepted: 200 };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { url, invitationId, linkSecret } = linkOf(request, params.id);
  const step = await openInvitation(invitationId, linkSecret);
  // First visit: show the page in the language the clinic chose. The language switch then works as anywhere else;
  // the `lang` marker stops a redirect loop in a browser that refuses cookies.
  const hasLanguage = (await languageCookie.parse(request.headers.get("Cookie"))) !== null;
  if (step.language && !hasLanguage && !url.searchParams.has("lang")) {
    url.searchParams.set("lang", "1");
    throw redirect(`${url.pathname}${url.search}`, { headers: { "Set-Cookie": await languageCookie.serialize(step.language) } });
  }
  const options = step.step === "identity" ? birthDateOptions(await getLanguage(request)) : null;
  return json({ step, options }, { status: step.step === "closed" ? statusOf[step.reason] : 200 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { url, invitationId, linkSecret } = linkOf(request, params.id);
  const here = `${url.pathname}${url.search}`;
  const { submission, language } = await parseForm(request, InvitationFormSchema);
  const t = translator(language, "enrolment");
  if (submission.status !== "success") {
    const form = submission.payload.intent === "email_code" ? "email_code" : "identity";
    return invalidForm<Omit<ActionData, "result">>(submission, { form });
  }
  const requestContext = await requestContextOf(request, context);
  const value = submission.value;
  if (value.intent === "restart") {
    await restartInvitationCheck({ invitationId, linkSecret });
    throw redirect(here);
  }
  if (value.intent === "identity") {
    const result = await checkInvitationIdentity({ invitationId, linkSecret, input: value, request: requestContext });
    if (result.ok) throw redirect(here);
    if (result.reason !== "mismatch") throw redirect(here);
    const message = t("invitation.identity.mismatch", { count: result.attemptsLeft });
    return invalidForm<Omit<ActionData, "result">>({ reply: () => submission.reply({ formErrors: [message] }) }, { form: "identity" });
  }
  const result = await acceptInvitation({ invitationId, linkSecret, input: value, language, request: requestContext });
  if (result.ok) return signedInRedirect(result, "/consent/journey");
  if (result.reason === "wrong_code") {
    const message = t("invitation.emailCode.wrong", { count: result.attemptsLeft });
    return invalidForm<Omit<ActionData, "result">>({ reply: () => submission.reply({ formErrors: [message], hideFields: ["emailCode"] }) }, { form: "email_code" });
  }
  if (result.reason === "code_expired" || result.reason === "code_exhausted" || result.reason === "account_conflict") {
    return invalidForm<Omit<ActionData, "result">>(submission, { form: "identity", notice: result.reason }, { resetForm: true });
  }
  throw redirect(here);
}

export default function Invitation() {
  const { t } = useTranslation("enrolment");
  const { step, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      {step.step === "closed" ? <Closed step={step} /> : null}
      {step.step === "identity" && options ? <IdentityStep step={step} options={options} actionData={actionData} /> : null}
      {step.step === "email_code" ? <EmailCodeStep step={step} actionData={actionData} /> : null}
      <p className="muted">{t("invitation.languageHint")}</p>
    </div>
  );
}

/** Every step posts back to the very link it was opened with, secret included. */
function useHere(): string {
  const location = useLocation();
  return `${location.pathname}${location.search}`;
}

function Closed({ step }: { step: Extract<InvitationStep, { step: "closed" }> }) {
  const { t } = useTranslation("enrolment");
  return (
    <>
      <h1>{t(`invitation.closed.${step.reason}.title`)}</h1>
      <div className={step.reason === "accepted" ? "alert" : "alert alert--error"} role={step.reason === "accepted" ? "status" : "alert"}>
        <p>{t(`invitation.closed.${step.reason}.body`)}</p>
      </div>
      {step.reason === "accepted" ? (
        <p>
          <a className="button" href="/sign-in">
            {t("invitation.closed.accepted.signIn")}
          </a>
        </p>
      ) : null}
    </>
  );
}

function Notice({ notice }: { notice?: ActionData["notice"] }) {
  const { t } = useTranslation("enrolment");
  if (!notice) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>{t(`invitation.notice.${notice}`)}</p>
    </div>
  );
}

type IdentityFields = { code: string; birthYear: string; birthMonth: string; birthDay: string };

function IdentityStep({ step, options, actionData }: { step: Extract<InvitationStep, { step: "identity" }>; options: { years: Option[]; months: Option[]; days: Option[] }; actionData?: ActionData }) {
  const { t } = useTranslation("enrolment");
  const here = useHere();
  const [form, fields] = useForm<IdentityFields>({ id: "invitation-identity", lastResult: actionData?.form === "identity" ? actionData.result : undefined });
  const proxy = step.recipient === "proxy";
  const codeProps = getInputProps(fields.code, { type: "text", ariaDescribedBy: `${fields.code.id}-hint` });
  const birthFields = [fields.birthYear, fields.birthMonth, fields.birthDay];
  const birthErrors = birthFields.flatMap((field) => field.errors ?? []);
  // A select left empty: ask for all three. All chosen but no such date (30 February): the schema's sentence says why.
  const birthMessage = birthFields.some((field) => !field.value) ? t("invitation.identity.birthDateMissing") : [...new Set(birthErrors)].join(" ");
  return (
    <>
      <p className="step">{t("invitation.stepOf", { step: 1, total: 2 })}</p>
      <h1>{t("invitation.identity.title")}</h1>
      <p>{t(proxy ? "invitation.identity.introProxy" : "invitation.identity.intro")}</p>
      <p>{t("invitation.identity.voluntary")}</p>
      <Notice notice={actionData?.notice} />
      <Form method="post" action={here} {...getFormProps(form)} noValidate className="panel">
        <input type="hidden" name="intent" value="identity" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.code.id}>{t("invitation.identity.code")}</label>
          <span className="hint" id={`${fields.code.id}-hint`}>
            {t("invitation.identity.codeHint")}
          </span>
          <input {...codeProps} key={codeProps.key} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={40} />
          {fields.code.errors?.length ? (
            <p className="field-error" id={fields.code.errorId} role="alert">
              {fields.code.errors.join(" ")}
            </p>
          ) : null}
        </div>
        <fieldset className="field" aria-describedby={birthErrors.length ? "birth-date-hint birth-date-error" : "birth-date-hint"}>
          <legend>{t(proxy ? "invitation.identity.birthDateProxy" : "invitation.identity.birthDate")}</legend>
          <span className="hint" id="birth-date-hint">
            {t("invitation.identity.birthDateHint")}
          </span>
          <div className="date-selects">
            <DatePart field={fields.birthYear} label={t("invitation.identity.year")} options={options.years} />
            <DatePart field={fields.birthMonth} label={t("invitation.identity.month")} options={options.months} />
            <DatePart field={fields.birthDay} label={t("invitation.identity.day")} options={options.days} />
          </div>
          {birthErrors.length ? (
            <p className="field-error" id="birth-date-error" role="alert">
              {birthMessage}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button button--block">
          {t("invitation.identity.submit")}
        </button>
      </Form>
      <details>
        <summary>{t("invitation.identity.helpSummary")}</summary>
        <p>{t("invitation.identity.help")}</p>
      </details>
    </>
  );
}

function DatePart({ field, label, options }: { field: FieldMetadata<string>; label: string; options: Option[] }) {
  const { t } = useTranslation("enrolment");
  const props = getSelectProps(field);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...props} key={props.key}>
        <option value="">{t("fields.choose")}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function EmailCodeStep({ step, actionData }: { step: Extract<InvitationStep, { step: "email_code" }>; actionData?: ActionData }) {
  const { t } = useTranslation("enrolment");
  const here = useHere();
  const [form, fields] = useForm<{ emailCode: string }>({ id: "invitation-email-code", lastResult: actionData?.form === "email_code" ? actionData.result : undefined });
  const codeProps = getInputProps(fields.emailCode, { type: "text", ariaDescribedBy: `${fields.emailCode.id}-hint` });
  return (
    <>
      <p className="step">{t("invitation.stepOf", { step: 2, total: 2 })}</p>
      <h1>{t("invitation.emailCode.title")}</h1>
      <p>{t("invitation.emailCode.intro", { email: step.maskedEmail })}</p>
      <Form method="post" action={here} {...getFormProps(form)} noValidate className="panel">
        <input type="hidden" name="intent" value="email_code" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.emailCode.id}>{t("invitation.emailCode.label")}</label>
          <span className="hint" id={`${fields.emailCode.id}-hint`}>
            {t("invitation.emailCode.hint")}
          </span>
          <input {...codeProps} key={codeProps.key} autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
          {fields.emailCode.errors?.length ? (
            <p className="field-error" id={fields.emailCode.errorId} role="alert">
              {fields.emailCode.errors.join(" ")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--block">
          {t("invitation.emailCode.submit")}
        </button>
      </Form>
      <Form noValidate method="post" action={here} className="panel">
        <input type="hidden" name="intent" value="restart" />
        <p>{t("invitation.emailCode.noMail")}</p>
        <button type="submit" className="button button--secondary">
          {t("invitation.emailCode.restart")}
        </button>
      </Form>
    </>
  );
}
