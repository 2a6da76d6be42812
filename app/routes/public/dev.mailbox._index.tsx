import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mailboxAccess } from "../../auth/mailbox-access.server";
import { DateTime } from "../../components/date-time";
import { listCapturedMail } from "../../domain/mail/index.server";
import { pageTitle } from "../../i18n/page-title";
import { refusedWith } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "common:mailbox.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  if ((await mailboxAccess(request, context)) === "locked") return refusedWith({ locked: true, messages: [] }, "forbidden");
  const messages = await listCapturedMail({ limit: 100 });
  return json({ locked: false, messages: messages.map(({ id, to, subject, createdAt }) => ({ id, to, subject, createdAt })) });
}

export default function Mailbox() {
  const { t } = useTranslation("common");
  const { locked, messages } = useLoaderData<typeof loader>();
  if (locked) {
    return (
      <div className="stack">
        <h1>{t("mailbox.title")}</h1>
        <p>{t("mailbox.locked")}</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>{t("mailbox.title")}</h1>
      <p>{t("mailbox.intro")}</p>
      {messages.length === 0 ? <p>{t("mailbox.empty")}</p> : null}
      <ul className="list-plain">
        {messages.map((message) => (
          <li key={message.id}>
            <a href={`/dev/mailbox/${message.id}`}>{message.subject}</a>
            <br />
            <span className="mono">{message.to}</span> · <DateTime value={message.createdAt} withUtc />
          </li>
        ))}
      </ul>
    </div>
  );
}
