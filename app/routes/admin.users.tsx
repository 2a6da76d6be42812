import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { DateTime } from "../components/date-time";
import { disableAccount } from "../domain/account/disable-account.server";
import { listUsers } from "../domain/account/list-users.server";
import { isAppError } from "../domain/app-error";
import { pageTitle } from "../i18n/page-title";

const DisableSchema = z.object({ intent: z.literal("disable"), userId: z.uuid() });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:admin.users.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  return json({ users: await listUsers({ reader: { actorUserId: session.userId, ipAddress, userAgent } }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const parsed = DisableSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  try {
    await disableAccount({ actorUserId: session.userId, userId: parsed.data.userId, request: await requestContextOf(request, context) });
  } catch (error) {
    if (isAppError(error)) throw new Response(error.code, { status: error.code === "not_found" ? 404 : 403 });
    throw error;
  }
  throw redirect("/admin/users");
}

export default function AdminUsers() {
  const { t } = useTranslation("account");
  const { users } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("admin.users.title")}</h1>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.email")}</th>
              <th scope="col">{t("admin.users.role")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("admin.users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.displayName}
                  <br />
                  <span className="mono">{user.email}</span>
                </td>
                <td>{t(`roles.${user.role}`)}</td>
                <td>{user.disabledAt ? <>{t("admin.users.disabled")} <DateTime value={user.disabledAt} /></> : t("admin.users.active")}</td>
                <td>
                  {user.disabledAt ? null : (
                    <form method="post">
                      <input type="hidden" name="intent" value="disable" />
                      <input type="hidden" name="userId" value={user.id} />
                      <button type="submit" className="button button--danger" aria-label={t("admin.users.disableNamed", { email: user.email })}>
                        {t("admin.users.disable")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
