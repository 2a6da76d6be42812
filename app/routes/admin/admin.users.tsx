import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission, requireRecentAuthentication } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { AccountIdSchema, AccountRolesSchema, additionalRolesAdminsGive } from "../../domain/account/index";
import { disableAccount } from "../../domain/account/index.server";
import { enableAccount } from "../../domain/account/index.server";
import { setAccountRoles } from "../../domain/account/index.server";
import { listUsers } from "../../domain/account/index.server";
import { facilityName, type FacilitySummary } from "../../domain/facilities/index";
import { listFacilities } from "../../domain/facilities/index.server";
import { isFacilityBound, programmeWideRoles } from "../../domain/facilities/index";
import { setFacilityMemberships } from "../../domain/facilities/index.server";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { PersonName } from "../../components/person-name";
import type { Role } from "../../domain/authz/index";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { badRequest, invalidForm } from "../../forms/refusals.server";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { firstRefusalMessage } from "../../forms/submission-errors";

const DisableSchema = z.object({ intent: z.literal("disable"), userId: z.uuid() });

/**
 * A refusal the admin can act on (issue 15; ADR 042), said on the page in their language (ADR 131): the account is
 * one the row's form sent, so one gone meanwhile or the admin's own (the rule's "forbidden") is said in words,
 * with the 404 or 403 status rather than as that page. The row's address fills a sentence that names it.
 */
function answerAboutAccount(userId: string, email: string) {
  answerRefusals({ inPlace: ["not_found", "forbidden"], inWords: { not_found: "admin:refusals.not_found" }, values: { email: email.slice(0, 320) }, extra: { userId: userId.slice(0, 36) } });
}

/** A row's form that could not be read (a role not offered, an id that cannot be one): in the page's own words. */
async function unreadable(request: Request, key: "invalid_roles" | "not_found", userId: string) {
  const t = await getFixedT(await getLanguage(request), "admin");
  return invalidForm({ reply: () => ({ status: "error" as const, error: { "": [t(`refusals.${key}`)] } }) }, { userId: userId.slice(0, 36) });
}

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
    // Any refusal here (the account or a facility gone, a role without facilities) is the page's one sentence.
    const facilitiesInvalid = "account:admin.users.facilitiesInvalid";
    answerRefusals({ inPlace: ["not_found"], inWords: { not_found: facilitiesInvalid, invalid_input: facilitiesInvalid }, extra: { userId: userId.slice(0, 36) } });
    await setFacilityMemberships({ actorUserId: session.userId, input, request: await requestContextOf(request, context) });
    throw redirect(`/admin/users?facilitiesSaved=${encodeURIComponent(userId)}#user-${userId}`);
  }
  const intent = formData.get("intent");
  if (intent === "roles" || intent === "enable") {
    // Giving roles or letting someone back in widens what they reach: a recent proof of identity, as for a token.
    requireRecentAuthentication(session, request, "/admin/users");
    const userId = String(formData.get("userId") ?? "");
    const requestContext = await requestContextOf(request, context);
    answerAboutAccount(userId, String(formData.get("email") ?? ""));
    if (intent === "roles") {
      const parsedRoles = AccountRolesSchema.safeParse({ userId, additionalRoles: formData.getAll("additionalRole").map(String) });
      if (!parsedRoles.success) return unreadable(request, "invalid_roles", userId);
      const { changed } = await setAccountRoles({ actorUserId: session.userId, input: parsedRoles.data, request: requestContext });
      throw redirect(`/admin/users?rolesSaved=${encodeURIComponent(parsedRoles.data.userId)}${changed ? "" : "&unchanged=1"}#user-${parsedRoles.data.userId}`);
    }
    const parsedId = AccountIdSchema.safeParse({ userId });
    if (!parsedId.success) return unreadable(request, "not_found", userId);
    await enableAccount({ actorUserId: session.userId, userId: parsedId.data.userId, request: requestContext });
    throw redirect(`/admin/users?enabled=${encodeURIComponent(parsedId.data.userId)}#user-${parsedId.data.userId}`);
  }
  const parsed = DisableSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw badRequest();
  answerAboutAccount(parsed.data.userId, String(formData.get("email") ?? ""));
  await disableAccount({ actorUserId: session.userId, userId: parsed.data.userId, request: await requestContextOf(request, context) });
  throw redirect("/admin/users");
}

export default function AdminUsers() {
  const { t } = useTranslation(["account", "admin"]);
  const { users, facilities } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const saved = users.find((user) => user.id === searchParams.get("facilitiesSaved"));
  const notice = accountNotice(users, searchParams);
  const refused = firstRefusalMessage(actionData);
  return (
    <div className="stack">
      <h1>{t("admin.users.title")}</h1>
      <p>{t("admin.users.facilitiesIntro")}</p>
      <ul className="list-plain">
        <li>
          <a className="button button--secondary" href="/admin/users/new">
            {t("admin:users.newAccount")}
          </a>
        </li>
        <li>
          <a href="/admin/second-factor-resets">{t("admin:users.resets")}</a>
        </li>
      </ul>
      {saved && !actionData ? (
        <div className="alert alert--success" role="status">
          <p>{t("admin.users.facilitiesSaved", { email: saved.email })}</p>
        </div>
      ) : null}
      {notice && !actionData ? (
        <div className={`alert ${notice.warning ? "alert--error" : "alert--success"}`} role="status">
          <p>{notice.text(t)}</p>
        </div>
      ) : null}
      {refused ? (
        <div className="alert alert--error" role="alert">
          <p>{refused}</p>
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
                  <PersonName name={user.displayName} />
                  <br />
                  <span className="mono">{user.email}</span>
                </td>
                <td>
                  <RolesCell user={user} />
                </td>
                <td>{user.disabledAt ? <>{t("admin.users.disabled")} <DateTime value={user.disabledAt} withUtc /></> : t("admin.users.active")}</td>
                <td>
                  <FacilitiesCell user={user} facilities={facilities} />
                </td>
                <td>
                  <div className="stack">
                    <form noValidate method="post">
                      <input type="hidden" name="intent" value={user.disabledAt ? "enable" : "disable"} />
                      <input type="hidden" name="userId" value={user.id} />
                      {/* Only for the words of a refusal that names the account (ADR 131). */}
                      <input type="hidden" name="email" value={user.email} />
                      {user.disabledAt ? (
                        <button type="submit" className="button button--secondary" aria-label={t("admin:users.enableNamed", { email: user.email })}>
                          {t("admin:users.enable")}
                        </button>
                      ) : (
                        <button type="submit" className="button button--danger" aria-label={t("admin.users.disableNamed", { email: user.email })}>
                          {t("admin.users.disable")}
                        </button>
                      )}
                    </form>
                    <a href={`/admin/second-factor-resets?userId=${user.id}`}>
                      {t("admin:users.resetSecondFactor")}
                      <span className="visually-hidden"> {t("admin:users.ofAccount", { email: user.email })}</span>
                    </a>
                    <a href={`/admin/users/${user.id}/welcome-link`}>
                      {t("admin:users.welcomeLink")}
                      <span className="visually-hidden"> {t("admin:users.ofAccount", { email: user.email })}</span>
                    </a>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

type Translate = ReturnType<typeof useTranslation>["t"];

/** What the address says just happened: an account created (and whether its mail went), roles saved, re-enabled. */
function accountNotice(users: { id: string; email: string }[], params: URLSearchParams): { text: (t: Translate) => string; warning: boolean } | null {
  const find = (key: string) => users.find((user) => user.id === params.get(key));
  const created = find("created");
  if (created) {
    const mailed = params.get("mailed") !== "0";
    return { text: (t) => t(mailed ? "admin:users.created" : "admin:users.createdNotMailed", { email: created.email }), warning: !mailed };
  }
  const roles = find("rolesSaved");
  if (roles) return { text: (t) => t(params.get("unchanged") ? "admin:users.rolesUnchanged" : "admin:users.rolesSaved", { email: roles.email }), warning: false };
  const enabled = find("enabled");
  if (enabled) return { text: (t) => t("admin:users.enabled", { email: enabled.email }), warning: false };
  return null;
}

/**
 * The role an account was created for, and the others it holds (issue 15): what the person may do is their union.
 * The other roles are edited in a fold, so the table stays readable; the ticked boxes are the whole new set.
 */
function RolesCell({ user }: { user: { id: string; email: string; role: Role; additionalRoles: Role[] } }) {
  const { t } = useTranslation(["account", "admin"]);
  const held = new Set(user.additionalRoles);
  return (
    <div className="stack">
      <span>{t(`roles.${user.role}`)}</span>
      {user.additionalRoles.length > 0 ? (
        <span>
          {t("admin:users.alsoHolds")} {user.additionalRoles.map((role) => t(`roles.${role}`)).join(t("admin:users.roleSeparator"))}
        </span>
      ) : null}
      <details>
        <summary>
          {t("admin:users.editRoles")}
          <span className="visually-hidden"> {t("admin:users.ofAccount", { email: user.email })}</span>
        </summary>
        <form noValidate method="post" className="stack">
          <input type="hidden" name="intent" value="roles" />
          <input type="hidden" name="userId" value={user.id} />
          <fieldset className="field">
            <legend>
              {t("admin:users.additionalRoles")}
              <span className="visually-hidden"> {t("admin:users.ofAccount", { email: user.email })}</span>
            </legend>
            {additionalRolesAdminsGive
              .filter((role) => role !== user.role)
              .map((role) => (
                <label className="choice" key={role}>
                  <input type="checkbox" name="additionalRole" value={role} defaultChecked={held.has(role)} />
                  <span>{t(`roles.${role}`)}</span>
                </label>
              ))}
          </fieldset>
          <button type="submit" className="button button--secondary" aria-label={t("admin:users.saveRolesOf", { email: user.email })}>
            {t("admin:users.saveRoles")}
          </button>
        </form>
      </details>
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
    <form noValidate method="post" className="stack">
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
