import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../auth/guards.server";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:admin.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "users:manage");
  return null;
}

export default function AdminHome() {
  const { t } = useTranslation("account");
  return (
    <div className="stack">
      <h1>{t("admin.title")}</h1>
      <ul>
        <li>
          <a href="/admin/users">{t("admin.users.title")}</a>
        </li>
        <li>
          <a href="/admin/audit">{t("admin.audit.title")}</a>
        </li>
        <li>
          <a href="/admin/api-tokens">{t("apiTokens.title")}</a>
        </li>
      </ul>
    </div>
  );
}
