import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { listParticipants, ParticipantSearchSchema } from "../../domain/consent/index.server";
import { facilityName } from "../../domain/facilities/index";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { withoutAppScripts } from "../../rendering/page-scripts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
// Links and a search form (GET) only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:participants.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "participants:enrol");
  const params = new URL(request.url).searchParams;
  const parsed = ParticipantSearchSchema.shape.q.safeParse(params.get("q") ?? undefined);
  const query = parsed.success ? (parsed.data ?? "") : "";
  // A page number that is not one (hand-edited, out of range) shows the first page, as the updates list does.
  const page = ParticipantSearchSchema.shape.page.safeParse(params.get("page") ?? undefined).data ?? 1;
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const list = await listParticipants({ query, page, scope: access.scope, reader: { actorUserId: session.userId, ipAddress, userAgent } });
  return { query, invalidQuery: !parsed.success, ...list, noFacility: scopeIsEmpty(access.scope), memberOf: access.memberOf };
}

export default function ParticipantList() {
  const { t, i18n } = useTranslation("enrolment");
  const { query, invalidQuery, participants, page, hasNext, noFacility, memberOf } = useLoaderData<typeof loader>();
  const pageHref = (to: number) => `/staff/participants?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(to) })}`;
  return (
    <div className="stack">
      <h1>{t("participants.title")}</h1>
      {noFacility ? (
        <NoFacilityNotice />
      ) : memberOf.length > 0 ? (
        <p>{t("facilities.yours", { names: memberOf.map((facility) => facilityName(facility, i18n.language)).join(t("facilities.separator")) })}</p>
      ) : null}
      <p className="actions">
        <a className="button" href="/staff/participants/new">
          {t("participants.enrolLink")}
        </a>
      </p>
      <Form noValidate method="get" className="search panel" role="search">
        <div className="field">
          <label htmlFor="participant-search">{t("participants.search.label")}</label>
          <span className="hint" id="participant-search-hint">
            {t("participants.search.hint")}
          </span>
          <input
            id="participant-search"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={100}
            aria-describedby="participant-search-hint"
            aria-invalid={invalidQuery || undefined}
          />
          {invalidQuery ? (
            <p className="field-error" role="alert">
              {t("participants.search.tooLong")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("participants.search.submit")}
        </button>
      </Form>
      <p role="status">
        {query ? t("participants.resultsFor", { count: participants.length, query, page }) : t("participants.results", { count: participants.length, page })}
      </p>
      {participants.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("participants.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("participants.columns.pseudonym")}</th>
                <th scope="col">{t("participants.columns.name")}</th>
                <th scope="col">{t("participants.columns.dateOfBirth")}</th>
                <th scope="col">{t("participants.columns.consent")}</th>
                <th scope="col">{t("participants.columns.facility")}</th>
                <th scope="col">{t("participants.columns.enrolled")}</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((participant) => (
                <tr key={participant.id}>
                  <td>
                    <a className="mono" href={`/staff/participants/${participant.id}`}>
                      {participant.pseudonym}
                    </a>
                  </td>
                  <td>
                    {participant.fullName ? <PersonName name={participant.fullName} reading={participant.fullNameKana} /> : t("participants.erased")}
                    {participant.fullNameKana ? (
                      <>
                        <br />
                        <span className="muted">
                          <UserText text={participant.fullNameKana} />
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>{participant.dateOfBirth ?? "—"}</td>
                  <td>{t(`consentStatus.${participant.consentStatus ?? "none"}`)}</td>
                  <td>{facilityName(participant.facility, i18n.language)}</td>
                  <td>
                    <DateTime value={participant.createdAt} withUtc />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page > 1 || hasNext ? (
        <nav aria-label={t("participants.pages.label")} className="list-pages">
          {page > 1 ? <a href={pageHref(page - 1)}>{t("participants.pages.newer")}</a> : null}
          <span>{t("participants.pages.number", { page })}</span>
          {hasNext ? <a href={pageHref(page + 1)}>{t("participants.pages.older")}</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
