import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectIfSignedIn } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { ApplicantSignUpSchema, signUpApplicant } from "../../domain/access/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:signUp.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context);
  return null;
}

/** A researcher signs up to apply; the answer is the same whether or not the address had an account. */
export async function action({ request, context }: ActionFunctionArgs) {
  await redirectIfSignedIn(request, context);
  const { submission, language, t } = await parseForm(request, ApplicantSignUpSchema);
  if (submission.status !== "success") return invalidForm(submission, { sent: false });
  const outcome = await signUpApplicant({ ...submission.value, language }, await requestContextOf(request, context));
  if (!outcome.ok) return tooManyTries(submission, outcome.retryAfterSeconds, t, { sent: false });
  return json({ result: submission.reply({ resetForm: true }) as SubmissionResult<string[]>, sent: true });
}

export default function ApplicantSignUp() {
  const { t } = useTranslation("access");
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<Record<"email" | "displayName" | "institution" | "department" | "country", string>>({
    id: "applicant-sign-up",
    lastResult: actionData?.result,
    shouldRevalidate: "onBlur",
  });
  return (
    <div className="stack narrow">
      <h1>{t("signUp.title")}</h1>
      <p>{t("signUp.intro")}</p>
      {actionData?.sent ? (
        <p className="alert alert--success" role="status">
          {t("signUp.sent")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField field={fields.email} label={t("signUp.email")} type="email" autoComplete="email" />
        <FormField field={fields.displayName} label={t("signUp.displayName")} type="text" autoComplete="name" />
        <FormField field={fields.institution} label={t("signUp.institution")} type="text" autoComplete="organization" />
        <FormField field={fields.department} label={t("signUp.department")} type="text" />
        <FormField field={fields.country} label={t("signUp.country")} hint={t("signUp.countryHint")} type="text" autoComplete="country" />
        <button type="submit" className="button">
          {t("signUp.submit")}
        </button>
      </Form>
      <ul className="list-plain">
        <li>
          <a href="/sign-in">{t("signUp.haveAccount")}</a>
        </li>
        <li>
          <a href="/applications/sign-up/welcome-link">{t("signUp.linkAgain")}</a>
        </li>
      </ul>
    </div>
  );
}
