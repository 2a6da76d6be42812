import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { safeRedirectPath, requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { PasskeyReauthenticateButton } from "../../components/passkey-reauthenticate-button";
import { listPasskeys } from "../../domain/auth/index.server";
import { reauthenticate, ReauthenticateSchema } from "../../domain/auth/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notProven, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

const ReauthenticateFormSchema = z.intersection(ReauthenticateSchema, z.object({ redirectTo: z.string().max(2000).optional() }));

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:reauth.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const passkeys = await listPasskeys(session.userId);
  return json({ hasPassword: session.user.hasPassword, totpEnabled: session.user.totpEnabled, hasPasskey: passkeys.length > 0 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const { submission, t } = await parseForm(request, ReauthenticateFormSchema);
  if (submission.status !== "success") return invalidForm(submission, {}, { hideFields: ["password"] });
  const result = await reauthenticate({ sessionId: session.id, userId: session.userId, input: submission.value, request: await requestContextOf(request, context) });
  if (!result.ok && result.reason === "rate_limited") return tooManyTries(submission, result.retryAfterSeconds, t, {}, { hideFields: ["password"] });
  if (!result.ok) return notProven(submission, result.reason === "wrong_password" ? t("wrong_password") : t("wrong_code"), {}, { hideFields: ["password"] });
  throw redirect(safeRedirectPath(submission.value.redirectTo, "/account"));
}

export default function Reauthenticate() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const redirectTo = params.get("redirectTo") ?? "/account";
  const [form, fields] = useForm<{ password: string; code: string }>({ id: "reauth", lastResult: actionData?.result });
  const method = data.hasPassword ? "password" : data.totpEnabled ? "totp" : null;
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
      ) : (
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
