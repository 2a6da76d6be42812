import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DestinationList } from "../../components/destination-list";
import { destinationsFor, mailboxVisibleTo } from "../../domain/authz/index";
import { capturedMailEnabled } from "../../domain/mail/index.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const role = session.user.roles;
  return json({
    // The admin pages this role can open (app/domain/authz/destinations.ts, the list the home page draws from too).
    tasks: destinationsFor(role, "admin").map(({ id, path, card }) => ({ id, path, title: card!.title, body: card!.body })),
    mailbox: mailboxVisibleTo(role) && capturedMailEnabled(context.clientAddress),
  });
}

export default function AdminHome() {
  const { t } = useTranslation(["account", "common"]);
  const { tasks, mailbox } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("admin.title")}</h1>
      <DestinationList items={tasks}>
        {mailbox ? (
          <li>
            <a href="/dev/mailbox">{t("common:mailbox.title")}</a>
            <br />
            <span className="hint">{t("common:mailbox.captured")}</span>
          </li>
        ) : null}
      </DestinationList>
    </div>
  );
}
