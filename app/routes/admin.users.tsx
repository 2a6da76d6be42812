import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { requestContextOf } from "../auth/request-context.server";
import { DateTime } from "../components/date-time";
import { disableAccount } from "../domain/account/disable-account.server";
import { listUsers } from "../domain/account/list-users.server";
import { isAppError } from "../domain/app-error";
import { facilityName, type FacilitySummary } from "../domain/facilities/facility-kinds";
import { listFacilities } from "../domain/facilities/list-facilities.server";
import { isFacilityBound, programmeWideRoles } from "../domain/facilities/participant-scope";
import { setFacilityMemberships } from "../domain/facilities/set-facility-memberships.server";
import { pageTitle } from "../i18n/page-title";
import enrolmentStyles from "../styles/enrolment.css?url";
import { UserText } from "../components/user-text";

const DisableSchema = z.object({ intent: z.literal("disable"), userId: z.uuid() });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:admin.users.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  return json({ users: await listUsers({ reader: { actorUserId: session.userId, ipAddress, userAgent } }), facilities: await listFacilities() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "users:manage");
  const formData = await request.formData();
  if (formData.get("intent") === "facilities") {
    // Facilities (ADR 015): the ticked boxes are the whole new set; an empty set leaves the account reaching nobody.
    const userId = String(formData.get("userId") ?? "");
    const input = { userId, facilityIds: formData.getAll("facilityId").map(String) };
    try {
      await setFacilityMemberships({ actorUserId: session.userId, input, request: await requestContextOf(request, context) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return json({ error: "facilitiesInvalid" as const, userId: userId.slice(0, 36) }, { status: error.code === "not_found" ? 404 : 400 });
    }
    throw redirect(`/admin/users?facilitiesSaved=${encodeURIComponent(userId)}#user-${userId}`);
  }
  const parsed = DisableSchema.safeParse(Object.fromEntries(formData));
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
  const { users, facilities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = users.find((user) => user.id === searchParams.get("facilitiesSaved"));
  return (
    <div className="stack">
      <h1>{t("admin.users.title")}</h1>
      <p>{t("admin.users.facilitiesIntro")}</p>
      {saved && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("admin.users.facilitiesSaved", { email: saved.email })}</p>
        </div>
      ) : null}
      {actionData?.error ? (
        <div className="alert alert--error" role="alert">
          <p>{t(`admin.users.${actionData.error}`)}</p>
        </div>
      ) : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.email")}</th>
              <th scope="col">{t("admin.users.role")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("admin.users.facilities")}</th>
              <th scope="col">{t("admin.users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} id={`user-${user.id}`}>
                <td>
                  <UserText text={user.displayName} />
                  <br />
                  <span className="mono">{user.email}</span>
                </td>
                <td>{t(`roles.${user.role}`)}</td>
                <td>{user.disabledAt ? <>{t("admin.users.disabled")} <DateTime value={user.disabledAt} withUtc /></> : t("admin.users.active")}</td>
                <td>
                  <FacilitiesCell user={user} facilities={facilities} />
                </td>
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

/**
 * Coordinators and counsellors: a box per facility, ticked for each they belong to, saved together. ELSI staff
 * and admins reach every facility by their role; other accounts reach no participant.
 */
function FacilitiesCell({ user, facilities }: { user: { id: string; email: string; role: Parameters<typeof isFacilityBound>[0]; facilityIds: string[] }; facilities: FacilitySummary[] }) {
  const { t, i18n } = useTranslation("account");
  if (programmeWideRoles.includes(user.role)) return <>{t("admin.users.allFacilities")}</>;
  if (!isFacilityBound(user.role)) return <>—</>;
  return (
    <form method="post" className="stack">
      <input type="hidden" name="intent" value="facilities" />
      <input type="hidden" name="userId" value={user.id} />
      <fieldset className="field">
        <legend>
          {t("admin.users.facilities")}
          <span className="visually-hidden"> {t("admin.users.facilitiesOf", { email: user.email })}</span>
        </legend>
        {user.facilityIds.length === 0 ? <p className="hint">{t("admin.users.noFacility")}</p> : null}
        {facilities.map((facility) => (
          <label className="choice" key={facility.id}>
            <input type="checkbox" name="facilityId" value={facility.id} defaultChecked={user.facilityIds.includes(facility.id)} />
            <span>
              {facilityName(facility, i18n.language)} <span className="mono">({facility.code})</span>
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--secondary" aria-label={t("admin.users.saveFacilitiesOf", { email: user.email })}>
        {t("admin.users.saveFacilities")}
      </button>
    </form>
  );
}
