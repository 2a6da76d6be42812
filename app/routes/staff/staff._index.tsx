import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { DestinationList } from "../../components/destination-list";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { destinationsFor } from "../../domain/authz/index";
import { hasPermission } from "../../domain/authz/index";
import { facilityName } from "../../domain/facilities/index";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:staff.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "staff:portal");
  const role = session.user.roles;
  const participantWork = hasPermission(role, "participants:enrol") || hasPermission(role, "questions:answer") || hasPermission(role, "consent:read");
  return json({
    // The staff pages this role can open (app/domain/authz/destinations.ts, the list the home page draws from too).
    tasks: destinationsFor(role, "staff").map(({ id, path, card }) => ({ id, path, title: card!.title, body: card!.body })),
    // Facilities (ADR 015): whose participants this person reaches, and why nobody's when that is the case.
    noFacility: participantWork && scopeIsEmpty(access.scope),
    memberOf: access.memberOf,
  });
}

export default function StaffHome() {
  const { t, i18n } = useTranslation("enrolment");
  const can = useLoaderData<typeof loader>();
  const nothing = can.tasks.length === 0;
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.intro")}</p>
      {can.noFacility ? <NoFacilityNotice /> : null}
      {can.memberOf.length > 0 ? (
        <p>{t("facilities.yours", { names: can.memberOf.map((facility) => facilityName(facility, i18n.language)).join(t("facilities.separator")) })}</p>
      ) : null}
      {nothing ? <p>{t("staff.nothing")}</p> : null}
      <DestinationList items={can.tasks} />
    </div>
  );
}
