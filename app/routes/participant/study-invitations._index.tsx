import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { participantQuery, sentenceSubjectOf, SubjectNote } from "../../components/consent-dashboard";
import { calendarDayText } from "../../components/date-time";
import { invitationStateOf } from "../../components/study-invitations/invitation-state";
import { loadOwnStudyInvitations } from "../../domain/recontact/index.server";
import { japanDate } from "../../domain/time/index";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { subjectSentence } from "../../i18n/sentence-subject";
import { withoutAppScripts } from "../../rendering/page-scripts";

// A list of links: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "recontact:studyInvitation.title");

/** The study invitations sent to the participant (issue 57 item 4; ADR 138), for themselves or, with `?participant=`, someone they represent. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "consent:own");
  const participant = new URL(request.url).searchParams.get("participant");
  const invitations = await loadOwnStudyInvitations({ userId: session.userId, participantId: participant, language: await getLanguage(request) });
  return { invitations, query: participantQuery(participant) };
}

export default function StudyInvitationsPage() {
  const { t, i18n } = useTranslation("recontact");
  const { invitations, query } = useLoaderData<typeof loader>();
  const about = sentenceSubjectOf(invitations.subject);
  return (
    <div className="stack">
      <h1>{t("studyInvitation.title")}</h1>
      <SubjectNote subject={invitations.subject} />
      <p>{subjectSentence(t, "studyInvitation.intro", about)}</p>
      {invitations.invitations.length === 0 ? (
        <p data-testid="study-invitations-none">{subjectSentence(t, "studyInvitation.none", about)}</p>
      ) : (
        <section className="stack" aria-labelledby="study-invitations-heading">
          <h2 id="study-invitations-heading">{t("studyInvitation.listHeading")}</h2>
          <ul className="list-plain stack">
            {invitations.invitations.map((invitation) => (
              <li key={invitation.deliveryId} className="panel stack" data-testid="study-invitation">
                <h3>{invitation.title}</h3>
                <p>{t("studyInvitation.by", { institution: invitation.institution })}</p>
                <p>{t("studyInvitation.invitedOn", { date: calendarDayText(japanDate(invitation.invitedAt), i18n.language) })}</p>
                <p>
                  <strong>{t(`studyInvitation.state.${invitationStateOf(invitation)}`)}</strong>
                </p>
                <p>
                  <a href={`/study-invitations/${invitation.deliveryId}`}>{t("studyInvitation.open")}</a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>
        <a href={`/consent${query}`}>{t("results:backToConsent")}</a>
      </p>
    </div>
  );
}
