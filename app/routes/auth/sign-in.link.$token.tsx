import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { rateLimitMessage, retryAfterHeaders } from "../../forms/rate-limit-words.server";
import { refusalStatus } from "../../forms/refusals.server";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { signInWithLink } from "../../domain/auth/index.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:link.title");

// Opening the link only shows a button: mail scanners that fetch links must not use up the one-time link.
export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await signInWithLink(params.token ?? "", await requestContextOf(request, context));
  if (!result.ok && result.reason === "rate_limited") {
    const t = await getFixedT(await getLanguage(request), "errors");
    return json({ reason: result.reason, message: rateLimitMessage(t, result.retryAfterSeconds) }, { status: refusalStatus.rate_limited, headers: retryAfterHeaders(result.retryAfterSeconds) });
  }
  if (!result.ok) return json({ reason: result.reason, message: null }, { status: 400 });
  return signedInRedirect(result, "/home");
}

export default function RedeemSignInLink() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("link.title")}</h1>
      {actionData ? (
        <div className="alert alert--error" role="alert">
          <p>{actionData.message ?? t(`link.errors.${actionData.reason}`)}</p>
          <p>
            <a href="/sign-in">{t("link.requestNew")}</a>
          </p>
        </div>
      ) : (
        <>
          <p>{t("link.intro")}</p>
          <Form noValidate method="post">
            <button type="submit" className="button button--block">
              {t("link.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
