import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { invalidForm, tooManyTries } from "../../forms/refusals.server";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { signInWithLink } from "../../domain/auth/index.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { passPageHeaders } from "../../forms/route-headers.server";
import { firstRefusalMessage } from "../../forms/submission-errors";

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth:link.title");

// Opening the link only shows a button: mail scanners that fetch links must not use up the one-time link.
export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await signInWithLink(params.token ?? "", await requestContextOf(request, context));
  if (result.ok) return signedInRedirect(result, "/home");
  // The page has no form to correct: its one sentence is said as a form's words (ADR 131), with the wait for too
  // many tries (429, Retry-After) or why the link cannot be used (400).
  const language = await getLanguage(request);
  if (result.reason === "rate_limited") return tooManyTries(saying([]), result.retryAfterSeconds, await getFixedT(language, "errors"), { reason: result.reason });
  const t = await getFixedT(language, "auth");
  return invalidForm(saying([t(`link.errors.${result.reason}`)]), { reason: result.reason });
}

/** A reply with these words above the form (the page's alert). */
function saying(words: string[]) {
  return { reply: (options?: { formErrors?: string[] }): SubmissionResult<string[]> => ({ status: "error", error: { "": options?.formErrors ?? words } }) };
}

export default function RedeemSignInLink() {
  const { t } = useTranslation("auth");
  const actionData = useActionData<typeof action>();
  const said = firstRefusalMessage(actionData);
  return (
    <div className="stack">
      <h1>{t("link.title")}</h1>
      {actionData ? (
        <div className="alert alert--error" role="alert">
          <p>{said ?? t(`link.errors.${actionData.reason}`)}</p>
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
