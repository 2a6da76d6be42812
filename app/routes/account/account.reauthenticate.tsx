import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { safeRedirectPath, requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { PasskeyReauthenticateButton } from "../../components/passkey-reauthenticate-button";
import { listPasskeys, mayProveByMail, proofCodeLifetimeMinutes, sendProofCode } from "../../domain/auth/index.server";
import { reauthenticate, ReauthenticateSchema } from "../../domain/auth/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notProven, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

const ReauthenticateFormSchema = z.intersection(ReauthenticateSchema, z.object({ redirectTo: z.string().max(2000).optional() }));
const SendCodeSchema = z.object({ intent: z.literal("send_code"), redirectTo: z.string().max(2000).optional() });

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:reauth.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const passkeys = await listPasskeys(session.userId);
  return json({
    hasPassword: session.user.hasPassword,
    totpEnabled: session.user.totpEnabled,
    hasPasskey: passkeys.length > 0,
    // Those who sign in by link prove again with a code sent to the same inbox (ADR 141); staff never.
    mailCode: mayProveByMail(session.user),
    email: session.user.email,
    minutes: proofCodeLifetimeMinutes,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  if ((await request.clone().formData()).get("intent") === "send_code") {
    const { submission, t } = await parseForm(request, SendCodeSchema);
    if (submission.status !== "success") return invalidForm(submission);
    const sent = await sendProofCode({ sessionId: session.id, userId: session.userId, request: await requestContextOf(request, context) });
    if (sent.sent) return json({ codeSent: true as const });
    if (sent.reason === "rate_limited") return tooManyTries(submission, sent.retryAfterSeconds, t, { codeSent: true as const });
    return notProven(submission, t("wrong_code"));
  }
  const { submission, t } = await parseForm(request, ReauthenticateFormSchema);
  if (submission.status !== "success") return invalidForm(submission, {}, { hideFields: ["password"] });
  const result = await reauthenticate({ sessionId: session.id, userId: session.userId, input: submission.value, request: await requestContextOf(request, context) });
  const codeSent = submission.value.method === "mail_code" ? { codeSent: true as const } : {};
  if (!result.ok && result.reason === "rate_limited") return tooManyTries(submission, result.retryAfterSeconds, t, codeSent, { hideFields: ["password"] });
  if (!result.ok) return notProven(submission, result.reason === "wrong_password" ? t("wrong_password") : t("wrong_code"), codeSent, { hideFields: ["password"] });
  throw redirect(safeRedirectPath(submission.value.redirectTo, "/account"));
}

export default function Reauthenticate() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "/account";
  const codeSent = actionData !== undefined && "codeSent" in actionData;
  const [form, fields] = useForm<{ password: string; code: string }>({ id: "reauth", lastResult: codeSent ? undefined : actionData?.result });
  const [codeForm, codeFields] = useForm<{ code: string }>({ id: "reauth-mail-code", lastResult: codeSent && actionData && "result" in actionData ? (actionData.result as SubmissionResult<string[]>) : undefined });
  const method = data.hasPassword ? "password" : data.totpEnabled ? "totp" : null;
  const mailCode = data.mailCode ? (
    <section className="panel stack" aria-labelledby="mail-code-heading">
      <h2 id="mail-code-heading">{t("reauth.mailCode.heading")}</h2>
      {codeSent ? (
        <Form method="post" {...getFormProps(codeForm)} className="stack">
          <p role="status">{t("reauth.mailCode.sent", { email: data.email, minutes: data.minutes })}</p>
          <input type="hidden" name="method" value="mail_code" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors id={codeForm.errorId} errors={codeForm.errors} />
          <FormField field={codeFields.code} label={t("reauth.mailCode.label")} type="text" inputMode="numeric" autoComplete="one-time-code" />
          <button type="submit" className="button button--block">
            {t("reauth.mailCode.submit")}
          </button>
        </Form>
      ) : null}
      <Form method="post" noValidate>
        <p>{t("reauth.mailCode.intro", { email: data.email })}</p>
        <input type="hidden" name="intent" value="send_code" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <button type="submit" className={codeSent ? "button button--secondary" : "button button--block"}>
          {codeSent ? t("reauth.mailCode.sendAgain") : t("reauth.mailCode.send")}
        </button>
      </Form>
    </section>
  ) : null;
  return (
    <div className="stack">
      <h1>{t("reauth.title")}</h1>
      <p>{t("reauth.intro")}</p>
      {data.hasPasskey ? <PasskeyReauthenticateButton redirectTo={redirectTo} /> : null}
      {method ? (
        <Form method="post" {...getFormProps(form)} className="panel">
          <input type="hidden" name="method" value={method} />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormErrors id={form.errorId} errors={form.errors} />
          {method === "password" ? (
            <FormField field={fields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
          ) : (
            <FormField field={fields.code} label={t("fields.totpCode")} type="text" inputMode="numeric" autoComplete="one-time-code" />
          )}
          <button type="submit" className="button button--block">
            {t("reauth.submit")}
          </button>
        </Form>
      ) : null}
      {mailCode}
      {method || data.mailCode ? null : (
        <div className="panel">
          <p>{t("reauth.signInAgain")}</p>
          <form noValidate method="post" action="/sign-out">
            <button type="submit" className="button">
              {t("reauth.signOutButton")}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
