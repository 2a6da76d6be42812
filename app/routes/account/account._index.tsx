import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { isStaffRole } from "../../domain/authz/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:security.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  return json({
    email: session.user.email,
    hasPassword: session.user.hasPassword,
    totpEnabled: session.user.totpEnabled,
    staff: isStaffRole(session.user.roles),
  });
}

export default function AccountSecurity() {
  const { t } = useTranslation("account");
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  return (
    <div className="stack">
      <h1>{t("security.title")}</h1>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`notices.${notice === "password" || notice === "totp_removed" ? notice : "saved"}`)}</p>
        </div>
      ) : null}
      <p>{t("security.signedInAs", { email: data.email })}</p>

      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("security.password.heading")}</h2>
        <p>{data.hasPassword ? t("security.password.set") : t("security.password.notSet")}</p>
        <a className="button button--secondary" href="/account/password">
          {data.hasPassword ? t("security.password.change") : t("security.password.add")}
        </a>
      </section>

      <section className="panel" aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t("security.totp.heading")}</h2>
        <p>{data.totpEnabled ? t("security.totp.on") : data.staff ? t("security.totp.requiredForStaff") : t("security.totp.off")}</p>
        <div className="stack">
          <a className="button button--secondary" href="/account/two-factor/setup">
            {data.totpEnabled ? t("security.totp.replace") : t("security.totp.enable")}
          </a>
          {data.totpEnabled ? (
            <form noValidate method="post" action="/account/two-factor/recovery-codes">
              <button type="submit" className="button button--secondary">
                {t("security.totp.regenerate")}
              </button>
            </form>
          ) : null}
          {data.totpEnabled && !data.staff ? (
            <form noValidate method="post" action="/account/two-factor/remove">
              <button type="submit" className="button button--danger">
                {t("security.totp.remove")}
              </button>
            </form>
          ) : null}
        </div>
      </section>

      <section className="panel" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">{t("security.passkeys.heading")}</h2>
        <p>{t("security.passkeys.description")}</p>
        <a className="button button--secondary" href="/account/passkeys">
          {t("security.passkeys.manage")}
        </a>
      </section>

      {data.staff ? null : (
        <section className="panel" aria-labelledby="contact-heading">
          <h2 id="contact-heading">{t("security.contact.heading")}</h2>
          <p>{t("security.contact.description")}</p>
          <a className="button button--secondary" href="/account/contact">
            {t("security.contact.manage")}
          </a>
        </section>
      )}

      <section className="panel" aria-labelledby="notifications-heading">
        <h2 id="notifications-heading">{t("security.notifications.heading")}</h2>
        <p>{t("security.notifications.description")}</p>
        <a className="button button--secondary" href="/account/notifications">
          {t("security.notifications.manage")}
        </a>
      </section>

      <section className="panel" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("security.sessions.heading")}</h2>
        <a className="button button--secondary" href="/account/sessions">
          {t("security.sessions.manage")}
        </a>
      </section>
    </div>
  );
}
