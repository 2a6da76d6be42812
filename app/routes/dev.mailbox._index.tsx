import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../components/date-time";
import { listCapturedMail } from "../domain/mail/list-captured-mail.server";
import { capturedMailEnabled } from "../domain/mail/mailbox-policy.server";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "common:mailbox.title");

export async function loader({ context }: LoaderFunctionArgs) {
  if (!capturedMailEnabled(context.clientAddress)) throw new Response("Not found", { status: 404 });
  const messages = await listCapturedMail({ limit: 100 });
  return json({ messages: messages.map(({ id, to, subject, createdAt }) => ({ id, to, subject, createdAt })) });
}

export default function Mailbox() {
  const { t } = useTranslation("common");
  const { messages } = useLoaderData<typeof loader>();
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
            <span className="mono">{message.to}</span> · <DateTime value={message.createdAt} />
          </li>
        ))}
      </ul>
    </div>
  );
}
