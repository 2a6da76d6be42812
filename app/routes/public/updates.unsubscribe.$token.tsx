import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { findDigestByToken, unsubscribeUpdateDigest } from "../../domain/updates/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "updates:unsubscribe.title");

/** The page behind the digest's link: a button, so that a link scanner following it switches nothing off. */
export async function loader({ params }: LoaderFunctionArgs) {
  const digest = await findDigestByToken(params.token ?? "");
  return json({ enabled: digest.enabled });
}

/**
 * RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` here, with no cookie and no form token; the
 * reader's own button POSTs the same. The token in the path is the key, and all it can do is stop the digest, so the
 * request edge lets exactly this path through its cross-site check (server/cross-site.ts).
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await unsubscribeUpdateDigest({ token: params.token ?? "", request: { ipAddress, userAgent } });
  return json({ done: true });
}

export default function UnsubscribeUpdateDigest() {
  const { t } = useTranslation("updates");
  const { enabled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const off = actionData?.done || !enabled;
  return (
    <div className="stack">
      <h1>{t("unsubscribe.title")}</h1>
      {off ? (
        <div className="alert alert--success" role="status" data-testid="unsubscribed">
          <p>{t("unsubscribe.done")}</p>
        </div>
      ) : (
        <>
          <p>{t("unsubscribe.intro")}</p>
          <Form noValidate method="post">
            <button type="submit" name="List-Unsubscribe" value="One-Click" className="button">
              {t("unsubscribe.button")}
            </button>
          </Form>
        </>
      )}
      <p>{t("unsubscribe.turnOnAgain")}</p>
    </div>
  );
}
