import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { signedInRedirect } from "../../auth/sign-in-response.server";
import { DateTime } from "../../components/date-time";
import { acceptFamilyInvitation, openFamilyInvitation } from "../../domain/family/index.server";
import { AcceptFamilyInvitationSchema } from "../../domain/family/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "family:accept.title");

// Opening the link only shows what accepting means and a button: a mail scanner fetching it uses nothing up.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [opened, language] = await Promise.all([openFamilyInvitation(params.token ?? ""), getLanguage(request)]);
  return json({ opened, language }, { status: opened.ok ? 200 : 410 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { submission } = await parseForm(request, AcceptFamilyInvitationSchema);
  if (submission.status !== "success") return invalidForm(submission, { reason: "language" as const });
  const result = await acceptFamilyInvitation({ token: params.token ?? "", language: submission.value.language, request: await requestContextOf(request, context) });
  if (!result.ok) return json({ reason: result.reason }, { status: result.reason === "account_conflict" || result.reason === "already_following" ? 409 : 410 });
  return signedInRedirect(result, "/family");
}

export default function AcceptFamilyInvitation() {
  const { t } = useTranslation(["family", "common"]);
  const { opened, language } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reason = actionData?.reason ?? (opened.ok ? null : opened.reason);
  return (
    <div className="stack">
      <h1>{t("accept.title")}</h1>
      {reason ? (
        <p className="alert alert--error" role="alert" data-testid="invitation-refused">
          {t(`accept.refused.${reason}`)}
        </p>
      ) : null}
      {opened.ok && !actionData ? (
        <>
          <p>{t("accept.intro", { inviter: opened.invitation.inviterName, name: opened.invitation.name })}</p>
          <p>{t(`scope.${opened.invitation.scope}`)}</p>
          <p>{t("accept.never")}</p>
          <p className="hint">
            {t("accept.expires")} <DateTime value={opened.invitation.expiresAt} />
          </p>
          <Form noValidate method="post" className="panel stack">
            <div className="field">
              <label htmlFor="language">{t("accept.language")}</label>
              <select id="language" name="language" defaultValue={language}>
                {supportedLanguages.map((option) => (
                  <option key={option} value={option}>
                    {t(`common:language.names.${option}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--block">
              {t("accept.submit")}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
