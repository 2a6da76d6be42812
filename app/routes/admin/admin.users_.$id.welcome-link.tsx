import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { PersonName } from "../../components/person-name";
import { loadWelcomeLinkStanding } from "../../domain/account/index.server";
import { resendWelcomeLink } from "../../domain/account/index.server";
import { isRecentlyAuthenticated } from "../../domain/auth/index";
import { uuidPattern } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { invalidForm, notFound } from "../../forms/refusals.server";
import { firstRefusalMessage } from "../../forms/submission-errors";

/** The form names what it does, so an empty or stray post is refused before anything is looked up. */
const ResendSchema = z.object({ intent: z.literal("resend") });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin:welcome.title");

/** Whether this account may be sent its welcome link again, and if not why; the last link's times. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  if (!params.id || !uuidPattern.test(params.id)) throw notFound();
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const account = await loadWelcomeLinkStanding({ userId: params.id, reader: { actorUserId: session.userId, ipAddress, userAgent } });
  return json({ account, needsReauthentication: !isRecentlyAuthenticated(session) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  if (!params.id || !uuidPattern.test(params.id)) throw notFound();
  // A welcome link is a way into someone's account, as creating it was: prove who you are first (ADR 042).
  requireRecentAuthentication(session, request, `/admin/users/${params.id}/welcome-link`);
  const { submission, formData, language } = await parseForm(request, ResendSchema);
  if (submission.status !== "success") {
    const t = await getFixedT(language, "admin");
    return invalidForm({ reply: () => ({ status: "error" as const, error: { "": [t("refusals.invalid")] } }) });
  }
  // A refusal names the account (already set up, disabled): its address, as the page showed it (ADR 131).
  answerRefusals({ values: { email: String(formData.get("email") ?? "").slice(0, 320) } });
  const { mailed } = await resendWelcomeLink({ actorUserId: session.userId, userId: params.id, request: await requestContextOf(request, context) });
  throw redirect(`/admin/users/${params.id}/welcome-link?sent=${mailed ? "1" : "0"}`);
}

export default function WelcomeLinkPage() {
  const { t } = useTranslation(["admin", "account"]);
  const { account, needsReauthentication } = useLoaderData<typeof loader>();
  const refused = firstRefusalMessage(useActionData<typeof action>());
  const [searchParams] = useSearchParams();
  const sent = searchParams.get("sent");
  return (
    <div className="stack">
      <p>
        <a href={`/admin/users#user-${account.id}`}>{t("welcome.back")}</a>
      </p>
      <h1>{t("welcome.heading")}</h1>
      <dl className="facts">
        <div>
          <dt>{t("welcome.account")}</dt>
          <dd>
            <PersonName name={account.displayName} /> · <span className="mono">{account.email}</span>
          </dd>
        </div>
        <div>
          <dt>{t("welcome.role")}</dt>
          <dd>{t(`account:roles.${account.role}`)}</dd>
        </div>
        <div>
          <dt>{t("welcome.lastLink")}</dt>
          <dd data-testid="welcome-last-link">
            {account.lastLink ? (
              <>
                {t("welcome.madeAt")} <DateTime value={account.lastLink.createdAt} withUtc /> ·{" "}
                {account.lastLink.usedAt ? (
                  <>
                    {t("welcome.usedAt")} <DateTime value={account.lastLink.usedAt} withUtc />
                  </>
                ) : (
                  <>
                    {t("welcome.validUntil")} <DateTime value={account.lastLink.expiresAt} withUtc />
                  </>
                )}
              </>
            ) : (
              t("welcome.noLink")
            )}
          </dd>
        </div>
      </dl>
      {sent ? (
        <div className={`alert ${sent === "1" ? "alert--success" : "alert--error"}`} role="status" data-testid="welcome-sent">
          <p>{t(sent === "1" ? "welcome.sent" : "welcome.notMailed", { email: account.email })}</p>
        </div>
      ) : null}
      {refused ? (
        <div className="alert alert--error" role="alert">
          <p>{refused}</p>
        </div>
      ) : null}
      {account.refusal ? (
        <p className="alert" role="status" data-testid="welcome-refusal">
          {t(`refusals.${account.refusal}`, { email: account.email })}
        </p>
      ) : (
        <Form noValidate method="post" className="panel stack">
          <input type="hidden" name="intent" value="resend" />
          {/* Only for the words of a refusal that names the account (ADR 131). */}
          <input type="hidden" name="email" value={account.email} />
          <p>{t("welcome.explain")}</p>
          {needsReauthentication ? <p>{t("welcome.reauthenticationNote")}</p> : null}
          <button type="submit" className="button">
            {t("welcome.submit")}
          </button>
        </Form>
      )}
    </div>
  );
}
