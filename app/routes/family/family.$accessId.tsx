import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ChoiceEffectsText, WithdrawalLevelSummary } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { readSharedSummary } from "../../domain/family/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { sentenceSubjectFor } from "../../i18n/sentence-subject";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "family:summary.title");

// Read on every request from the access row: a narrowed or ended access is refused on the very next page (ADR 036).
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "family:follow");
  const read = await readSharedSummary({
    userId: session.userId,
    accessId: params.accessId ?? "",
    language: await getLanguage(request),
    request: await requestContextOf(request, context),
  });
  return json({ read }, { status: read.ok ? 200 : 403 });
}

export default function FamilySummary() {
  const { t } = useTranslation(["family", "dashboard", "documents"]);
  const { read } = useLoaderData<typeof loader>();
  if (!read.ok) {
    return (
      <div className="stack">
        <h1>{t("summary.title")}</h1>
        <p className="alert" role="status" data-testid="summary-refused">
          {t(`summary.refused.${read.verdict}`, { name: read.name })}
        </p>
        <p>
          <a href="/family">{t("summary.back")}</a>
        </p>
      </div>
    );
  }
  const { summary } = read;
  // The summary is about the person followed, never the follower (ADR 119).
  const about = sentenceSubjectFor({ as: "follower", name: summary.name });
  return (
    <div className="stack">
      <h1>{t("summary.titleFor", { name: summary.name })}</h1>
      <p>{t("summary.intro", { name: summary.name })}</p>
      {summary.consent ? (
        <>
          <section className="panel" aria-labelledby="status-heading">
            <h2 id="status-heading">{t("summary.statusHeading")}</h2>
            <p data-testid="summary-status">{t(`summary.status.${summary.consent.status}`)}</p>
            {summary.consent.withdrawalLevel ? <WithdrawalLevelSummary level={summary.consent.withdrawalLevel} subject={about} /> : null}
          </section>
          <section aria-labelledby="choices-heading">
            <h2 id="choices-heading">{t("summary.choicesHeading")}</h2>
            <ul className="list-plain stack" data-testid="summary-choices">
              {summary.consent.choices.map((choice) => (
                <li key={choice.id} className="panel">
                  <h3 id={`choice-${choice.id}`}>{choice.title}</h3>
                  <p>
                    <strong>{choice.valueLabel}</strong>
                  </p>
                  <ChoiceEffectsText effects={choice.effects} subject={about} />
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : (
        <p className="alert">{t("summary.noConsent", { name: summary.name })}</p>
      )}
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">{t("summary.changesHeading")}</h2>
        <ul data-testid="summary-changes">
          {summary.changes.map((change) => (
            <li key={`${change.type}-${change.on}`}>
              <DateTime value={change.on} /> — {t(`summary.change.${change.type}`)}
            </li>
          ))}
        </ul>
      </section>
      <p>{t("summary.never")}</p>
      <p>
        <a href="/family">{t("summary.back")}</a>
      </p>
    </div>
  );
}
