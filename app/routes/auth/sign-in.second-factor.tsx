import { getFormProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUser, safeRedirectPath, secondFactorPending } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { setDeviceCookie } from "../../auth/session-cookie.server";
import { FormErrors, FormField } from "../../components/form-field";
import { SecondFactorSchema, verifySecondFactor } from "../../domain/auth/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notProven, tooManyTries } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

const SecondFactorFormSchema = z.intersection(SecondFactorSchema, z.object({ redirectTo: z.string().max(2000).optional() }));

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:secondFactor.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireUser(request, context, { allowPendingSecondFactor: true });
  if (!secondFactorPending(session)) throw redirect("/home");
  if (!session.user.totpEnabled) throw redirect("/account/two-factor/setup");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireUser(request, context, { allowPendingSecondFactor: true });
  const { submission, t } = await parseForm(request, SecondFactorFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const result = await verifySecondFactor({
    sessionId: session.id,
    userId: session.userId,
    input: submission.value,
    request: await requestContextOf(request, context),
  });
  if (!result.ok && result.reason === "rate_limited") return tooManyTries(submission, result.retryAfterSeconds, t);
  if (!result.ok) return notProven(submission, t("wrong_code"));
  // The browser is now one this account knows (ADR 013); the cookie was set at the password step unless it was lost.
  throw redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": await setDeviceCookie(result.deviceToken) } });
}

export default function SecondFactor() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [totpForm, totpFields] = useForm<{ code: string }>({ id: "totp", lastResult: actionData?.result });
  const [recoveryForm, recoveryFields] = useForm<{ code: string }>({ id: "recovery" });
  return (
    <div className="stack">
      <h1>{t("secondFactor.title")}</h1>
      <p>{t("secondFactor.intro")}</p>
      <Form method="post" {...getFormProps(totpForm)} className="panel">
        <input type="hidden" name="method" value="totp" />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <FormErrors id={totpForm.errorId} errors={totpForm.errors} />
        <FormField field={totpFields.code} label={t("fields.totpCode")} hint={t("secondFactor.codeHint")} type="text" inputMode="numeric" autoComplete="one-time-code" />
        <button type="submit" className="button button--block">
          {t("secondFactor.submit")}
        </button>
      </Form>
      <details className="panel">
        <summary>{t("secondFactor.recovery.summary")}</summary>
        <Form method="post" {...getFormProps(recoveryForm)}>
          <input type="hidden" name="method" value="recovery_code" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormField field={recoveryFields.code} label={t("fields.recoveryCode")} hint={t("secondFactor.recovery.hint")} type="text" autoComplete="off" />
          <button type="submit" className="button button--secondary button--block">
            {t("secondFactor.recovery.submit")}
          </button>
        </Form>
      </details>
      <form noValidate method="post" action="/sign-out">
        <button type="submit" className="button button--secondary">
          {t("secondFactor.cancel")}
        </button>
      </form>
    </div>
  );
}
