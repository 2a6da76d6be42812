import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaffAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { NoFacilityNotice } from "../../components/no-facility-notice";
import { UserText } from "../../components/user-text";
import { scopeIsEmpty } from "../../domain/facilities/index";
import {
  ModerateCommentSchema,
  surveyQuestions,
} from "../../domain/surveys/index";
import {
  loadFacilitySurveyResults,
  moderateSurveyComment,
} from "../../domain/surveys/index.server";
import { publishedCountText } from "../../domain/transparency/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";
import { TableScroll } from "../../components/table-scroll";

export const meta: MetaFunction = ({ matches }) =>
  pageTitle(matches, "surveys:staff.title");

/** How consent felt at one's facilities (ADR 149): the answers through disclosure control, and the comments to moderate. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { access } = await requireStaffAccess(request, context, "surveys:read");
  return json({
    facilities: await loadFacilitySurveyResults({ scope: access.scope }),
    noFacility: scopeIsEmpty(access.scope),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { session, access } = await requireStaffAccess(
    request,
    context,
    "surveys:read",
  );
  const { submission } = await parseForm(request, ModerateCommentSchema);
  if (submission.status !== "success") return invalidForm(submission);
  await moderateSurveyComment({
    input: submission.value,
    scope: access.scope,
    actorUserId: session.userId,
    request: await requestContextOf(request, context),
  });
  throw redirect("/staff/consent-survey?saved=1");
}

export default function StaffConsentSurvey() {
  const { t } = useTranslation("surveys");
  const { facilities, noFacility } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      <p>{t("staff.intro")}</p>
      {params.get("saved") === "1" ? (
        <p className="alert alert--success" role="status">
          {t("staff.saved")}
        </p>
      ) : null}
      {noFacility ? <NoFacilityNotice /> : null}
      {facilities.map((facility) => (
        <section
          key={facility.facilityId}
          className="panel stack"
          aria-labelledby={`facility-${facility.facilityId}`}
          data-testid="survey-facility"
        >
          <h2 id={`facility-${facility.facilityId}`}>
            <UserText text={facility.facilityName} />
          </h2>
          {/* Five columns do not fit a phone: the table scrolls inside its own region, the page does not (the layout check). */}
          <TableScroll labelledBy={`caption-${facility.facilityId}`}>
            <table>
              <caption id={`caption-${facility.facilityId}`}>
                {t("staff.caption")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("staff.answer")}</th>
                  {surveyQuestions.map((question) => (
                    <th key={question} scope="col">
                      {t(`short.${question}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {facility.table.rows.map((band, row) => (
                  <tr key={band}>
                    <th scope="row">{t(`bands.${band}`)}</th>
                    {facility.table.cells[row]!.map((count, column) => (
                      <td key={column} className="numeric">
                        {publishedCountText(count)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <h3>{t("staff.comments")}</h3>
          {facility.comments.length === 0 ? (
            <p>{t("staff.noComments")}</p>
          ) : null}
          <ul className="list-plain stack">
            {facility.comments.map((comment) => (
              <li key={comment.id} className="panel" data-state={comment.state}>
                <p>
                  <UserText text={comment.text} />
                </p>
                <p className="hint">
                  <DateTime value={comment.answeredAt} /> ·{" "}
                  {t(`commentStates.${comment.state}`)}
                </p>
                <Form method="post" noValidate className="choice-row">
                  <input type="hidden" name="surveyId" value={comment.id} />
                  {comment.state !== "approved" ? (
                    <button
                      type="submit"
                      name="decision"
                      value="approved"
                      className="button button--secondary"
                    >
                      {t("staff.approve")}
                    </button>
                  ) : null}
                  {comment.state !== "hidden" ? (
                    <button
                      type="submit"
                      name="decision"
                      value="hidden"
                      className="button button--secondary"
                    >
                      {t("staff.hide")}
                    </button>
                  ) : null}
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
