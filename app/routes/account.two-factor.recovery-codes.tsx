import { json, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectToReauthentication, requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { RecoveryCodes } from "../components/recovery-codes";
import { isAppError } from "../domain/app-error";
import { regenerateRecoveryCodes } from "../domain/auth/regenerate-recovery-codes.server";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:recovery.heading");

export async function loader() {
  throw redirect("/account");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  try {
    return json({ codes: await regenerateRecoveryCodes({ session, request: await requestContextOf(request, context) }) });
  } catch (error) {
    if (isAppError(error) && error.code === "reauthentication_required") redirectToReauthentication(request, "/account");
    throw error;
  }
}

export default function NewRecoveryCodes() {
  const { t } = useTranslation("account");
  const data = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("recovery.heading")}</h1>
      {data ? <RecoveryCodes codes={data.codes} /> : null}
      <a className="button" href="/account">
        {t("recovery.back")}
      </a>
    </div>
  );
}
