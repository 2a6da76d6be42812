import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { RecoveryCodes } from "../../components/recovery-codes";
import { regenerateRecoveryCodes } from "../../domain/auth/index.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { pageTitle } from "../../i18n/page-title";
import { firstRefusalMessage } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:recovery.heading");

// The page must render after its own POST: a browser posting the form gets the action's codes together with this
// loader's page, so a redirect here would throw the new codes away unseen (the old ones already voided).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  return json({ totpEnabled: session.user.totpEnabled });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  // Recovery codes stand in for an authenticator app; without one there is nothing to recover (invalid_input).
  answerRefusals({ returnAfterReauthentication: "/account", inWords: { invalid_input: "account:recovery.needsAuthenticator" }, extra: { codes: null } });
  return json({ codes: await regenerateRecoveryCodes({ session, request: await requestContextOf(request, context) }) });
}

export default function NewRecoveryCodes() {
  const { t } = useTranslation("account");
  const { totpEnabled } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const refused = firstRefusalMessage(data);
  return (
    <div className="stack">
      <h1>{t("recovery.heading")}</h1>
      <div role="alert">{refused ? <p className="alert alert--error">{refused}</p> : null}</div>
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
          {refused ? null : `${t("recovery.needsAuthenticator")} `}
          <a href="/account/two-factor/setup">{t("security.totp.enable")}</a>
        </p>
      )}
      <a className="button button--secondary" href="/account">
        {t("recovery.back")}
      </a>
    </div>
  );
}
