import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectIfSignedIn } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { resendApplicantWelcomeLink, WelcomeLinkRequestSchema } from "../../domain/access/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:welcomeLink.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context);
  return null;
}

/** An applicant's sign-up link, sent again; the answer is the same whether or not the address has an account. */
export async function action({ request, context }: ActionFunctionArgs) {
  await redirectIfSignedIn(request, context);
  const { submission, language, t } = await parseForm(request, WelcomeLinkRequestSchema);
  if (submission.status !== "success") return invalidForm(submission, { sent: false });
  const outcome = await resendApplicantWelcomeLink({ ...submission.value, language }, await requestContextOf(request, context));
  if (!outcome.ok) return tooManyTries(submission, outcome.retryAfterSeconds, t, { sent: false });
  return json({ result: submission.reply({ resetForm: true }) as SubmissionResult<string[]>, sent: true });
}

export default function ApplicantWelcomeLink() {
  const { t } = useTranslation("access");
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ email: string }>({ id: "applicant-welcome-link", lastResult: actionData?.result });
  return (
    <div className="stack narrow">
      <h1>{t("welcomeLink.title")}</h1>
      <p>{t("welcomeLink.intro")}</p>
      {actionData?.sent ? (
        <p className="alert alert--success" role="status" data-testid="welcome-link-sent">
          {t("welcomeLink.sent")}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField field={fields.email} label={t("welcomeLink.email")} type="email" autoComplete="email" />
        <button type="submit" className="button">
          {t("welcomeLink.submit")}
        </button>
      </Form>
      <p>{t("welcomeLink.signedInBefore")}</p>
      <ul className="list-plain">
        <li>
          <a href="/sign-in">{t("welcomeLink.toSignIn")}</a>
        </li>
        <li>
          <a href="/applications/sign-up">{t("welcomeLink.toSignUp")}</a>
        </li>
      </ul>
    </div>
  );
}
