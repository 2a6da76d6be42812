import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { calendarDayText, DateTime } from "../../components/date-time";
import { listStudyHandovers } from "../../domain/recontact/index.server";
import { japanDate } from "../../domain/time/index";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { TableScroll } from "../../components/table-scroll";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:studyInvitation.applicant.title");

/**
 * The signed-in applicant's study invitations (issue 57 item 4; ADR 138): the questions asked through the bridge, by
 * counts, and the people who said yes with the details each handed over. Another applicant's application is 404.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const invitations = await listStudyHandovers({ applicantId: session.userId, applicationId: params.id ?? "", language: await getLanguage(request), request: { ipAddress, userAgent } });
  return { invitations, applicationId: params.id ?? "" };
}

export default function ApplicationInvitations() {
  const { t, i18n } = useTranslation("recontact");
  const { invitations, applicationId } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("studyInvitation.applicant.title")}</h1>
      <p className="mono">{invitations.reference}</p>
      <p>{t("studyInvitation.applicant.intro")}</p>
      <section className="stack" aria-labelledby="questions-heading">
        <h2 id="questions-heading">{t("studyInvitation.applicant.questionsHeading")}</h2>
        {invitations.questions.length === 0 ? (
          <p>{t("studyInvitation.applicant.noQuestions")}</p>
        ) : (
          <ul>
            {invitations.questions.map((question) => (
              <li key={`${question.registry}-${question.studyId}-${question.askedAt}`} data-testid="study-question">
                {t("studyInvitation.applicant.question", {
                  registry: question.registry,
                  id: question.studyId,
                  date: calendarDayText(japanDate(question.askedAt), i18n.language),
                  asked: question.asked,
                  invitable: question.invitable,
                  invited: question.invited,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="stack" aria-labelledby="handovers-heading">
        <h2 id="handovers-heading">{t("studyInvitation.applicant.handoversHeading")}</h2>
        {invitations.handovers.length === 0 ? (
          <p>{t("studyInvitation.applicant.noHandovers")}</p>
        ) : (
          <TableScroll labelledBy="handovers-heading">
            <table>
              <thead>
                <tr>
                  {(["study", "date", "name", "email", "phone", "facility"] as const).map((column) => (
                    <th key={column} scope="col">
                      {t(`studyInvitation.applicant.columns.${column}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {invitations.handovers.map((handover) => (
                  <tr key={`${handover.handedOverAt}-${handover.studyId}-${handover.name ?? ""}`} data-testid="study-handover">
                    <td>
                      {handover.registry} {handover.studyId}
                    </td>
                    <td>
                      <DateTime value={handover.handedOverAt} withUtc />
                    </td>
                    {handover.contactStopped ? (
                      <td colSpan={3}>{t("studyInvitation.applicant.stopped")}</td>
                    ) : (
                      <>
                        <td>{handover.name ?? "—"}</td>
                        <td>{handover.email ?? "—"}</td>
                        <td>{handover.phone ?? "—"}</td>
                      </>
                    )}
                    <td>{handover.facility ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <p>
        <a href={`/applications/${applicationId}`}>{t("studyInvitation.applicant.back")}</a>
      </p>
    </div>
  );
}
