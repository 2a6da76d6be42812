import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField } from "../../components/form-field";
import { KioskUnlockSchema, unlockKiosk } from "../../domain/auth/index.server";
import { kioskJourneyPath } from "../../domain/session/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notProven, tooManyTries } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";

/**
 * The clinic tablet's hand-back page (issue 55, ADR 121): where the patient is asked to give the tablet back, and where
 * the coordinator unlocks it with their own factor. A session that is not locked has nothing here.
 */
export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "journey:kiosk.handBackTitle");

const unlockedHome = "/staff/participants";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "participants:consent_on_behalf");
  if (!session.kiosk) throw redirect(unlockedHome);
  // The authenticator's code first: a patient who watches it typed cannot use it again (ADR 121). The password where
  // the account has no authenticator, or when the coordinator asks for it.
  const { totpEnabled, hasPassword } = session.user;
  const asked = new URL(request.url).searchParams.get("method");
  const method = (asked === "password" && hasPassword) || !totpEnabled ? "password" : "totp";
  return json(
    {
      lockId: session.kiosk.lockId,
      journeyPath: kioskJourneyPath(session.kiosk.participantId),
      method: method === "password" && !hasPassword ? null : method,
      other: method === "totp" && hasPassword ? "password" : method === "password" && totpEnabled ? "totp" : null,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "participants:consent_on_behalf");
  const { submission, t, language } = await parseForm(request, KioskUnlockSchema);
  if (submission.status !== "success") return invalidForm(submission, {}, { hideFields: ["password", "code"] });
  const result = await unlockKiosk({ sessionId: session.id, userId: session.userId, input: submission.value, request: await requestContextOf(request, context) });
  if (result.ok) throw redirect(`/staff/participants/${result.participantId}`, 303);
  if (result.reason === "rate_limited") return tooManyTries(submission, result.retryAfterSeconds, t, {}, { hideFields: ["password", "code"] });
  if (result.reason === "stale_lock") {
    // A replayed unlock: of a lock already opened there is nothing to do; of an earlier lock, this one stays shut.
    if (!session.kiosk) throw redirect(unlockedHome, 303);
    const words = await getFixedT(language, "journey");
    return notProven(submission, words("kiosk.staleLock"), {}, { hideFields: ["password", "code"] });
  }
  return notProven(submission, t(result.reason), {}, { hideFields: ["password", "code"] });
}

export default function KioskHandBack() {
  const { t } = useTranslation("journey");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ password: string; code: string }>({ id: "kiosk-unlock", lastResult: actionData?.result });
  return (
    <div className="stack journey">
      <h1>{t("kiosk.handBackTitle")}</h1>
      <p>{t("kiosk.handBackBody")}</p>
      <p>
        <a href={data.journeyPath}>{t("kiosk.backToForm")}</a>
      </p>
      <section className="panel" aria-labelledby="unlock-heading">
        <h2 id="unlock-heading">{t("kiosk.unlockHeading")}</h2>
        <p>{t(data.method === "password" ? "kiosk.unlockIntroPassword" : "kiosk.unlockIntroCode")}</p>
        {data.method ? (
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="lockId" value={data.lockId} />
            <input type="hidden" name="method" value={data.method} />
            <FormErrors id={form.errorId} errors={form.errors} />
            {data.method === "password" ? (
              <FormField field={fields.password} label={t("kiosk.password")} type="password" autoComplete="current-password" />
            ) : (
              <FormField field={fields.code} label={t("kiosk.code")} inputMode="numeric" autoComplete="one-time-code" />
            )}
            <button type="submit" className="button">
              {t("kiosk.unlock")}
            </button>
          </Form>
        ) : (
          <p>{t("kiosk.noFactor")}</p>
        )}
        {data.other ? (
          <p>
            <a href={`?method=${data.other}`}>{t(data.other === "password" ? "kiosk.usePassword" : "kiosk.useCode")}</a>
          </p>
        ) : null}
      </section>
    </div>
  );
}
