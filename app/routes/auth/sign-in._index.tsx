import type { SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { redirectIfSignedIn } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { FormErrors, FormField } from "../../components/form-field";
import { PasskeySignInButton } from "../../components/passkey-sign-in-button";
import { serverCheckedFormProps, useServerCheckedForm } from "../../components/server-checked-form";
import { requestSignInLink, SignInLinkRequestSchema } from "../../domain/auth/index.server";
import { PasswordSignInSchema, signInWithPassword } from "../../domain/auth/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notProven, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

const SignInFormSchema = z.discriminatedUnion("intent", [
  PasswordSignInSchema.extend({ intent: z.literal("password"), redirectTo: z.string().max(2000).optional() }),
  SignInLinkRequestSchema.extend({ intent: z.literal("link") }),
]);

type ActionData = { intent: "password" | "link"; result: SubmissionResult<string[]>; linkSent?: boolean };

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:signIn.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission, formData, language, t } = await parseForm(request, SignInFormSchema);
  const intent = formData.get("intent") === "link" ? "link" : "password";
  if (submission.status !== "success") return invalidForm<Omit<ActionData, "result">>(submission, { intent }, { hideFields: ["password"] });
  const requestContext = await requestContextOf(request, context);
  if (submission.value.intent === "link") {
    await requestSignInLink({ email: submission.value.email, language }, requestContext);
    return json<ActionData>({ intent: "link", result: submission.reply({ resetForm: true }), linkSent: true });
  }
  const result = await signInWithPassword(submission.value, requestContext);
  if (!result.ok && result.reason === "rate_limited") return tooManyTries(submission, result.retryAfterSeconds, t, { intent: "password" as const }, { hideFields: ["password"] });
  if (!result.ok) return notProven(submission, t("signIn.invalidCredentials"), { intent: "password" as const }, { hideFields: ["password"] });
  return signedInRedirect(result, submission.value.redirectTo);
}

export default function SignIn() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  // Validation is the server's (translated messages); the forms are drawn from its answer without Conform in the
  // browser (ADR 161), 8.7 kB off the page (issue 60 item 2).
  const passwordForm = useServerCheckedForm("password-sign-in", actionData?.intent === "password" ? actionData.result : undefined, ["email", "password"]);
  const linkForm = useServerCheckedForm("link-sign-in", actionData?.intent === "link" ? actionData.result : undefined, ["email"]);
  const [passwordFields, linkFields] = [passwordForm.fields, linkForm.fields];

  return (
    <div className="stack">
      <h1>{t("signIn.title")}</h1>
      {searchParams.get("signedOut") ? (
        <div className="alert alert--success" role="status">
          <p>{t("signIn.signedOut")}</p>
        </div>
      ) : null}
      <p>{t("signIn.intro")}</p>

      <section className="panel" aria-labelledby="link-heading">
        <h2 id="link-heading">{t("signIn.link.heading")}</h2>
        <p>{t("signIn.link.description")}</p>
        {actionData?.linkSent ? (
          <div className="alert alert--success" role="status">
            <p>{t("signIn.link.sent")}</p>
          </div>
        ) : null}
        <Form method="post" noValidate {...serverCheckedFormProps(linkForm)}>
          <input type="hidden" name="intent" value="link" />
          <FormErrors id={linkForm.errorId} errors={linkForm.errors} />
          <FormField field={linkFields.email} label={t("fields.email")} type="email" autoComplete="email" />
          <button type="submit" className="button button--block">
            {t("signIn.link.submit")}
          </button>
        </Form>
      </section>

      <div className="divider">{t("signIn.or")}</div>

      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("signIn.password.heading")}</h2>
        <p>{t("signIn.password.description")}</p>
        <Form method="post" noValidate {...serverCheckedFormProps(passwordForm)}>
          <input type="hidden" name="intent" value="password" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
          <FormField field={passwordFields.email} label={t("fields.email")} type="email" autoComplete="username" />
          <FormField field={passwordFields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
          <button type="submit" className="button button--block">
            {t("signIn.password.submit")}
          </button>
        </Form>
      </section>

      <PasskeySignInButton redirectTo={redirectTo} />
    </div>
  );
}
