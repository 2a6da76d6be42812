import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRecentAuthentication, requireUser, secondFactorPending } from "../../auth/guards.server";
import { qrCodeDataUrl } from "../../auth/qr-code.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { RecoveryCodes } from "../../components/recovery-codes";
import { beginTotpEnrolment, confirmTotpEnrolment, ConfirmTotpSchema, readPendingTotpEnrolment } from "../../domain/auth/index.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:totp.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireUser(request, context, { allowPendingSecondFactor: true });
  // Someone who has not passed their existing factor must not be able to replace it.
  if (session.user.totpEnabled && secondFactorPending(session)) throw redirect("/sign-in/second-factor");
  // Staff enrolling mid sign-in just typed their password; everyone else proves it again first.
  if (!secondFactorPending(session)) requireRecentAuthentication(session, request);
  const enrolment = beginTotpEnrolment(session.user);
  return json({
    pendingKey: enrolment.pendingKey,
    manualKey: enrolment.manualKey,
    qrCode: await qrCodeDataUrl(enrolment.keyUri),
    mandatory: secondFactorPending(session),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireUser(request, context, { allowPendingSecondFactor: true });
  if (session.user.totpEnabled && secondFactorPending(session)) throw redirect("/sign-in/second-factor");
  const { submission, formData } = await parseForm(request, ConfirmTotpSchema);
  const pending = readPendingTotpEnrolment(String(formData.get("pendingKey") ?? ""), session.user);
  // A code refused (wrong, or an enrolment that is not this account's) shows the same key again to try once more.
  const retry = {
    recoveryCodes: null,
    enrolment: pending ? { pendingKey: pending.pendingKey, manualKey: pending.manualKey, qrCode: await qrCodeDataUrl(pending.keyUri) } : null,
  };
  if (submission.status !== "success") return invalidForm(submission, retry);
  answerRefusals({ extra: retry });
  const { recoveryCodes } = await confirmTotpEnrolment({ session, input: submission.value, request: await requestContextOf(request, context) });
  return json({ result: null, recoveryCodes, enrolment: null });
}

export default function TwoFactorSetup() {
  const { t } = useTranslation("account");
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const enrolment = actionData?.enrolment ?? loaded;
  const [form, fields] = useForm<{ code: string }>({ id: "totp-setup", lastResult: actionData?.result ?? undefined });

  if (actionData?.recoveryCodes) {
    return (
      <div className="stack">
        <h1>{t("totp.doneTitle")}</h1>
        <RecoveryCodes codes={actionData.recoveryCodes} />
        <a className="button" href="/home">
          {t("totp.continue")}
        </a>
      </div>
    );
  }

  return (
    <div className="stack">
      <h1>{t("totp.title")}</h1>
      {loaded.mandatory ? (
        <div className="alert" role="note">
          <p>{t("totp.mandatory")}</p>
        </div>
      ) : null}
      <ol className="stack">
        <li>{t("totp.step1")}</li>
        <li>
          {t("totp.step2")}
          <img className="qr" src={enrolment.qrCode} alt={t("totp.qrAlt")} width={220} height={220} />
          <p>
            {t("totp.manualKey")} <span className="mono" data-testid="totp-manual-key">{enrolment.manualKey}</span>
          </p>
        </li>
        <li>{t("totp.step3")}</li>
      </ol>
      <Form method="post" {...getFormProps(form)} className="panel">
        <input type="hidden" name="pendingKey" value={enrolment.pendingKey} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <FormField field={fields.code} label={t("fields.totpCode")} type="text" inputMode="numeric" autoComplete="one-time-code" />
        <button type="submit" className="button button--block">
          {t("totp.submit")}
        </button>
      </Form>
    </div>
  );
}
