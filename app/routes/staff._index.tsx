import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../auth/participant-access.server";
import { NoFacilityNotice } from "../components/no-facility-notice";
import { hasPermission } from "../domain/authz/permissions";
import { facilityName } from "../domain/facilities/facility-kinds";
import { scopeIsEmpty } from "../domain/facilities/participant-scope";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:staff.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "staff:portal");
  const role = session.user.role;
  const participantWork = hasPermission(role, "participants:enrol") || hasPermission(role, "questions:answer") || hasPermission(role, "consent:read");
  return json({
    enrol: hasPermission(role, "participants:enrol"),
    answer: hasPermission(role, "questions:answer"),
    forms: hasPermission(role, "forms:manage"),
    // Facilities (ADR 015): whose participants this person reaches, and why nobody's when that is the case.
    noFacility: participantWork && scopeIsEmpty(access.scope),
    memberOf: access.memberOf,
  });
}

export default function StaffHome() {
  const { t, i18n } = useTranslation("enrolment");
  const can = useLoaderData<typeof loader>();
  const nothing = !can.enrol && !can.answer && !can.forms;
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.intro")}</p>
      {can.noFacility ? <NoFacilityNotice /> : null}
      {can.memberOf.length > 0 ? (
        <p>{t("facilities.yours", { names: can.memberOf.map((facility) => facilityName(facility, i18n.language)).join(t("facilities.separator")) })}</p>
      ) : null}
      {nothing ? <p>{t("staff.nothing")}</p> : null}
      <ul className="list-plain">
        {can.enrol ? (
          <>
            <li>
              <a href="/staff/participants">{t("staff.links.participants")}</a>
              <br />
              <span className="hint">{t("staff.links.participantsHint")}</span>
            </li>
            <li>
              <a href="/staff/participants/new">{t("staff.links.enrol")}</a>
              <br />
              <span className="hint">{t("staff.links.enrolHint")}</span>
            </li>
          </>
        ) : null}
        {can.answer ? (
          <li>
            <a href="/staff/questions">{t("staff.links.questions")}</a>
            <br />
            <span className="hint">{t("staff.links.questionsHint")}</span>
          </li>
        ) : null}
        {can.forms ? (
          <li>
            <a href="/staff/forms">{t("staff.links.forms")}</a>
            <br />
            <span className="hint">{t("staff.links.formsHint")}</span>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
