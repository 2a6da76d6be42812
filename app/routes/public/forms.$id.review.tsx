import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ReviewRoundDates } from "../../components/review-round-dates";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { loadReviewWorkspace } from "../../domain/consent/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:record.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/**
 * The public record of a published form version's co-review (issue 28 item 6; ADR 061): every round, every comment
 * and its answer; a reviewer named only where they chose to be.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ record: await loadReviewWorkspace({ formVersionId: params.id ?? "", language: await getLanguage(request), audience: "public" }) });
}

export default function FormReviewRecord() {
  const { t } = useTranslation("forms");
  const { record } = useLoaderData<typeof loader>();
  const sectionName = (id: string | null) => (id === null ? t("review.wholeDocument") : (record.sections.find((section) => section.id === id)?.heading ?? id));
  return (
    <div className="stack forms-page">
      <h1>{t("record.title")}</h1>
      <p>
        <UserText text={record.version.title} /> — {t("review.versionLabel", { version: record.version.version })}
      </p>
      <p>{t("record.intro")}</p>
      {record.rounds.length === 0 ? <p data-testid="no-review">{t("record.none")}</p> : null}
      {record.rounds.map((round, index) => (
        <section key={round.id} className="stack" aria-labelledby={`round-${round.id}`} data-testid="record-round">
          <h2 id={`round-${round.id}`}>{t("review.roundHeading", { number: index + 1 })}</h2>
          <ReviewRoundDates openedAt={round.openedAt} closedAt={round.closedAt} />
          {round.comments.length === 0 ? <p>{t("review.noComments")}</p> : null}
          {round.comments.map((comment) => (
            <article key={comment.id} className="panel stack" data-testid="record-comment">
              <h3>
                <UserText text={sectionName(comment.sectionId)} />
              </h3>
              <blockquote>
                <UserText text={comment.text} />
              </blockquote>
              <p className="hint" data-testid="record-reviewer">
                {comment.authorName ? <PersonName name={comment.authorName} /> : t(comment.invited ? "record.anonymousInvited" : "record.anonymous")}
              </p>
              {comment.answer ? (
                <p>
                  <strong>{t(`review.answers.${comment.answer}`)}</strong> <UserText text={comment.answerText ?? ""} />
                </p>
              ) : null}
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
