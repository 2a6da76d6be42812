import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { clearHandoverCookie, readHandoverCookie } from "../../auth/handover-cookie.server";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { DateTime } from "../../components/date-time";
import { openHandover } from "../../domain/consent/index.server";
import { defaultLanguage, htmlLangOf, isSupportedLanguage } from "../../i18n/languages";
import { useTextsIn } from "../../i18n/use-texts-in";
import { pageTitle } from "../../i18n/page-title";
import enrolmentStyles from "../../styles/enrolment.css?url";
import { passPageHeaders } from "../../forms/route-headers.server";

export const headers = passPageHeaders;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: enrolmentStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:handover.title");

// The code is read from its sealed cookie and the cookie is dropped at once: a reload shows nothing.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:enrol", params.id);
  const handover = openHandover(await readHandoverCookie(request), { participantId, viewerId: session.userId });
  return json({ participantId, handover }, { headers: { "Set-Cookie": await clearHandoverCookie(), "Cache-Control": "no-store" } });
}

export default function Handover() {
  const { t, i18n } = useTranslation("enrolment");
  const { participantId, handover } = useLoaderData<typeof loader>();
  // The slip is in the participant's language (the page's own when there is no slip to draw).
  const slip = useTextsIn(handover?.language ?? (isSupportedLanguage(i18n.language) ? i18n.language : defaultLanguage), "enrolment");
  const participantPage = `/staff/participants/${participantId}`;
  if (!handover) {
    return (
      <div className="stack">
        <h1>{t("handover.title")}</h1>
        <div className="alert" role="status">
          <p>{t("handover.gone")}</p>
        </div>
        <p>
          <a href={participantPage}>{t("handover.toParticipant")}</a>
        </p>
      </div>
    );
  }
  // The slip goes home with the patient, so it is written in the invitation's language.
  return (
    <div className="stack">
      <div className="no-print stack">
        <h1>{t("handover.title")}</h1>
        <div className="alert alert--success" role="status">
          <p>{t(handover.recipient === "proxy" ? "handover.doneProxy" : "handover.done", { pseudonym: handover.pseudonym, email: handover.email })}</p>
        </div>
        {handover.mailSent ? null : (
          <div className="alert alert--error" role="alert">
            <p>{t("handover.mailFailed")}</p>
          </div>
        )}
        <p>{t("handover.once")}</p>
      </div>
      {/* data-texts-language: the slip is in the participant's language, whose texts the browser loads too (ADR 153, 156). */}
      <section className="code-slip" aria-labelledby="slip-heading" lang={htmlLangOf(handover.language)} data-texts-language={handover.language}>
        <h2 id="slip-heading">{slip("handover.slip.heading")}</h2>
        <p>{slip(handover.recipient === "proxy" ? "handover.slip.introProxy" : "handover.slip.intro")}</p>
        <p className="muted">{slip("handover.slip.codeLabel")}</p>
        <p className="code-slip__code" data-testid="invitation-code">
          {handover.code}
        </p>
        <p>{slip("handover.slip.steps")}</p>
        <p>
          {slip("handover.slip.expires")} <DateTime value={handover.expiresAt} language={handover.language} />
        </p>
        <p className="muted">{slip("handover.slip.keepSafe")}</p>
      </section>
      <div className="no-print actions">
        <a className="button" href={participantPage}>
          {t("handover.toParticipant")}
        </a>
        <a href="/staff/participants/new">{t("handover.enrolAnother")}</a>
      </div>
      <p className="no-print muted">{t("handover.printHint")}</p>
    </div>
  );
}
