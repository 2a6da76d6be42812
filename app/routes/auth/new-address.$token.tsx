import type { SubmissionResult } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { confirmEmailChange } from "../../domain/account/index.server";
import { invalidForm } from "../../forms/refusals.server";
import { passPageHeaders } from "../../forms/route-headers.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";

export const headers = passPageHeaders;
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:contact.confirm.title");

// Opened from the mail sent to the new address (ADR 141). Opening it only shows a button: a mail scanner that fetches
// links must not change anyone's address. It needs no session: the new inbox may be read on another device.
export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await confirmEmailChange({ input: { token: params.token ?? "" }, request: await requestContextOf(request, context) });
  if (result.ok) return json({ done: true as const });
  const t = await getFixedT(await getLanguage(request), "account");
  const words = [t(`contact.confirm.errors.${result.reason}`)];
  return invalidForm({ reply: (): SubmissionResult<string[]> => ({ status: "error", error: { "": words } }) }, { reason: result.reason });
}

export default function ConfirmNewAddress() {
  const { t } = useTranslation("account");
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("contact.confirm.title")}</h1>
      {actionData && "done" in actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("contact.confirm.done")}</p>
          <p>
            <a href="/account/contact">{t("contact.confirm.toContact")}</a>
          </p>
        </div>
      ) : actionData && "reason" in actionData ? (
        <div className="alert alert--error" role="alert">
          <p>{t(`contact.confirm.errors.${actionData.reason}`)}</p>
        </div>
      ) : (
        <>
          <p>{t("contact.confirm.intro")}</p>
          <Form noValidate method="post">
            <button type="submit" className="button button--block">
              {t("contact.confirm.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
