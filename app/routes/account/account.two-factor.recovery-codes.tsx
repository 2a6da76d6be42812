import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { redirectToReauthentication, requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { RecoveryCodes } from "../../components/recovery-codes";
import { isAppError } from "../../domain/kernel/index";
import { regenerateRecoveryCodes } from "../../domain/auth/index.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:recovery.heading");

// The page must render after its own POST: a browser posting the form gets the action's codes together with this
// loader's page, so a redirect here would throw the new codes away unseen (the old ones already voided).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  return json({ totpEnabled: session.user.totpEnabled });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  try {
    return json({ codes: await regenerateRecoveryCodes({ session, request: await requestContextOf(request, context) }), error: null });
  } catch (error) {
    if (isAppError(error) && error.code === "reauthentication_required") redirectToReauthentication(request, "/account");
    // Recovery codes stand in for an authenticator app; without one there is nothing to recover.
    if (isAppError(error) && error.code === "invalid_input") {
      const t = await getFixedT(await getLanguage(request), "account");
      return json({ codes: null, error: t("recovery.needsAuthenticator") }, { status: 400 });
    }
    throw error;
  }
}

export default function NewRecoveryCodes() {
  const { t } = useTranslation("account");
  const { totpEnabled } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("recovery.heading")}</h1>
      <div role="alert">{data?.error ? <p className="alert alert--error">{data.error}</p> : null}</div>
      {data?.codes ? (
        <RecoveryCodes codes={data.codes} />
      ) : totpEnabled ? (
        <form noValidate method="post" className="stack">
          <p>{t("recovery.replaces")}</p>
          <button type="submit" className="button">
            {t("security.totp.regenerate")}
          </button>
        </form>
      ) : (
        <p>
          {/* The refusal above already says why; the link is what is left to offer. */}
          {data?.error ? null : `${t("recovery.needsAuthenticator")} `}
          <a href="/account/two-factor/setup">{t("security.totp.enable")}</a>
        </p>
      )}
      <a className="button button--secondary" href="/account">
        {t("recovery.back")}
      </a>
    </div>
  );
}
