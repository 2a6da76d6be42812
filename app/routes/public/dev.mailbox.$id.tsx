import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mailboxAccess } from "../../auth/mailbox-access.server";
import { DateTime } from "../../components/date-time";
import { readCapturedMail } from "../../domain/mail/index.server";
import { pageTitle } from "../../i18n/page-title";
import { notFound } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "common:mailbox.title");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Without the key, the list's page says how to open the mailbox.
  if ((await mailboxAccess(request, context)) === "locked") throw redirect("/dev/mailbox");
  const message = await readCapturedMail(params.id ?? "");
  if (!message) throw notFound();
  const links = [...new Set(message.text.match(/https?:\/\/[^\s)>\]]+/g) ?? [])];
  return json({ message: { to: message.to, from: message.from, subject: message.subject, text: message.text, language: message.language, createdAt: message.createdAt }, links });
}

export default function MailboxMessage() {
  const { t } = useTranslation("common");
  const { message, links } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <a href="/dev/mailbox">{t("mailbox.back")}</a>
      </p>
      <h1>{message.subject}</h1>
      <dl>
        <dt>{t("mailbox.to")}</dt>
        <dd className="mono">{message.to}</dd>
        <dt>{t("mailbox.from")}</dt>
        <dd className="mono">{message.from}</dd>
        <dt>{t("mailbox.sent")}</dt>
        <dd>
          <DateTime value={message.createdAt} withUtc />
        </dd>
      </dl>
      {links.length ? (
        <section aria-labelledby="links-heading">
          <h2 id="links-heading">{t("mailbox.links")}</h2>
          <ul>
            {links.map((link) => (
              <li key={link}>
                <a href={link} className="mono" data-testid="mail-link">
                  {link}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="body-heading">
        <h2 id="body-heading">{t("mailbox.body")}</h2>
        <pre className="panel mono" lang={message.language === "en" ? "en" : "ja"} tabIndex={0}>{message.text}</pre>
      </section>
    </div>
  );
}
