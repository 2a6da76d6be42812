import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { findingsCategories } from "@tsunagi/consent-rules/choice-catalogue";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { facilityName } from "../../domain/facilities/index";
import { scopeIsEmpty } from "../../domain/facilities/index";
import { listFindingQueue } from "../../domain/findings/index.server";
import { pageTitle } from "../../i18n/page-title";
import { badRequest } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "findings:queue.title");

const QueueFiltersSchema = z.object({
  category: z.enum(findingsCategories).optional(),
  facility: z.uuid().optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session, access } = await requireStaffAccess(request, context, "findings:counsel");
  const params = new URL(request.url).searchParams;
  const parsed = QueueFiltersSchema.safeParse({ category: params.get("category") || undefined, facility: params.get("facility") || undefined });
  // Only a hand-made URL sends another value: the form offers these choices alone.
  if (!parsed.success) throw badRequest();
  const queue = await listFindingQueue({ userId: session.userId, category: parsed.data.category ?? null, facilityId: parsed.data.facility ?? null });
  return json({
    queue: queue.map((entry) => ({ ...entry, arrivedAt: entry.arrivedAt.toISOString() })),
    filters: { category: parsed.data.category ?? "", facility: parsed.data.facility ?? "" },
    facilities: access.memberOf,
    noFacility: scopeIsEmpty(access.scope),
  });
}

export default function FindingQueue() {
  const { t, i18n } = useTranslation("findings");
  const { queue, filters, facilities, noFacility } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("queue.title")}</h1>
      <p>{t("queue.intro")}</p>
      {noFacility ? <NoFacilityNotice /> : null}
      <Form noValidate method="get" className="stack">
        <fieldset>
          <legend>{t("queue.filters.legend")}</legend>
          <div className="field">
            <label htmlFor="filter-category">{t("queue.filters.category")}</label>
            <select id="filter-category" name="category" defaultValue={filters.category}>
              <option value="">{t("queue.filters.any")}</option>
              {findingsCategories.map((category) => (
                <option key={category} value={category}>
                  {t(`category.${category}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-facility">{t("queue.filters.facility")}</label>
            <select id="filter-facility" name="facility" defaultValue={filters.facility}>
              <option value="">{t("queue.filters.any")}</option>
              {facilities.map((facility) => (
                <option key={facility.id} value={facility.id}>
                  {facilityName(facility, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("queue.filters.apply")}
          </button>
        </fieldset>
      </Form>
      {queue.length === 0 ? (
        <p>{t("queue.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("queue.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("queue.columns.participant")}</th>
                <th scope="col">{t("queue.columns.category")}</th>
                <th scope="col">{t("queue.columns.facility")}</th>
                <th scope="col">{t("queue.columns.state")}</th>
                <th scope="col">{t("queue.columns.days")}</th>
                <th scope="col">{t("queue.columns.claimedBy")}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((entry) => (
                <tr key={entry.findingId}>
                  <th scope="row">
                    <a className="mono" href={`/staff/findings/${entry.findingId}`} aria-label={t("queue.open", { pseudonym: entry.pseudonym })}>
                      {entry.pseudonym}
                    </a>
                  </th>
                  <td>{t(`category.${entry.category}`)}</td>
                  <td>{facilityName(entry.facility, i18n.language)}</td>
                  <td>{t(`state.${entry.state}`)}</td>
                  <td>{t("queue.days", { count: entry.daysWaiting })}</td>
                  <td>{entry.claimedBy ? entry.claimedBy.displayName : t("queue.unclaimed")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
