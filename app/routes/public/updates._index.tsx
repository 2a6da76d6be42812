import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { listConsultations } from "../../domain/consultations/index.server";
import { listReaderUpdates } from "../../domain/updates/index.server";
import { consultationViewerOf, readResponderToken } from "./+support/responder.server";
import { setUpdateDigest, updateDigestEnabled } from "../../domain/updates/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { titleTranslator } from "../../i18n/title-translator";
import { getLanguage } from "../../i18n/language.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { publicAudience } from "../../domain/updates/index";
import { updateReaderAccountOf } from "./+support/update-reader.server";
import updateStyles from "../../styles/updates.css?url";
import { withoutAppScripts } from "../../rendering/page-scripts";
import { messagesOf } from "../../forms/submission-errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: updateStyles }];

// The Atom feed of the public updates in each language, for feed readers (ADR 038).
// Links and a plain form only: sent without the app's scripts (ADR 085).
export const handle = withoutAppScripts;

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match?.id === "root")?.data as { language?: string } | undefined;
  // Titles from the page's own texts (ADR 153): the languages' names are the same in every language.
  const t = titleTranslator(root?.language ?? "ja");
  return [
    ...pageTitle(matches, "updates:reader.title"),
    ...supportedLanguages.map((language) => ({
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      hrefLang: language === "ja-easy" ? "ja" : language,
      href: `/updates/feed/${language}`,
      title: t("updates:reader.feedTitle", { language: t(`common:language.names.${language}`) }),
    })),
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [userId, language] = await Promise.all([updateReaderAccountOf(request, context), getLanguage(request)]);
  const pageParam = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  const [viewer, browserToken] = await Promise.all([consultationViewerOf(request, context), readResponderToken(request)]);
  const [list, digest, consultations] = await Promise.all([
    userId ? listReaderUpdates({ audience: "of-account", userId, language, page }) : listReaderUpdates({ audience: publicAudience, userId: null, language, page }),
    userId ? updateDigestEnabled(userId) : Promise.resolve(null),
    // The consultations open now that ask this reader (issue 28 item 1): beside the updates, not mixed into their pages.
    // Only what the list shows of each (the page's data is encoded and sent per byte).
    listConsultations({ viewer, language, browserToken }).then((items) =>
      items.filter((item) => item.answerable).map(({ id, title, closesAt, answered }) => ({ id, title, closesAt, answered })),
    ),
  ]);
  return { signedIn: userId !== null, list, digest, consultations };
}

const DigestSchema = z.object({ digest: z.enum(["on", "off"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "updates:read");
  const { submission, language } = await parseForm(request, DigestSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await setUpdateDigest({ userId: session.userId, enabled: submission.value.digest === "on", language, request: { ipAddress, userAgent } });
  throw redirect(`/updates?notice=digest_${submission.value.digest}`);
}

export default function Updates() {
  const { t } = useTranslation(["updates", "common"]);
  const { signedIn, list, digest, consultations } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = ["digest_on", "digest_off"].find((name) => name === params.get("notice"));
  return (
    <div className="stack updates-page">
      <h1>{t("reader.title")}</h1>
      <p>{signedIn ? t("reader.intro") : t("reader.publicIntro")}</p>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`reader.notices.${notice}`)}</p>
        </div>
      ) : null}
      {consultations.length > 0 ? (
        <section className="panel stack" aria-labelledby="open-consultations-heading" data-testid="open-consultations">
          <h2 id="open-consultations-heading">{t("reader.consultationsHeading")}</h2>
          <ul className="update-list">
            {consultations.map((consultation) => (
              <li key={consultation.id} className="update-item">
                <a href={`/consultations/${consultation.id}`} className="update-item__title">
                  {consultation.title}
                </a>
                <span className="update-item__meta">
                  {t("reader.consultationUntil")} <DateTime value={consultation.closesAt} />
                  {consultation.answered ? <span className="update-badge">{t("reader.consultationAnswered")}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {list.items.length === 0 ? (
        <p>{t("reader.empty")}</p>
      ) : (
        <>
          {signedIn && list.unreadOnPage > 0 ? <p data-testid="unread-count">{t("reader.unreadCount", { count: list.unreadOnPage })}</p> : null}
          <ol className="update-list" aria-label={t("reader.listLabel")}>
            {list.items.map((item) => (
              <li key={item.id} className={item.unread ? "update-item update-item--unread" : "update-item"} data-testid="update-item">
                <a href={`/updates/${item.id}`} className="update-item__title">
                  {item.title}
                </a>
                <span className="update-item__meta">
                  <DateTime value={item.publishAt} />
                  {item.corrected ? <span className="update-badge">{t("reader.corrected")}</span> : null}
                  {item.unread ? (
                    <span className="update-badge update-badge--unread" data-testid="unread">
                      {t("reader.unread")}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      {list.page > 1 || list.hasNext ? (
        <nav aria-label={t("reader.pagesLabel")} className="update-pages">
          {list.page > 1 ? <a href={`/updates?page=${list.page - 1}`}>{t("reader.newer")}</a> : null}
          <span>{t("reader.pageNumber", { page: list.page })}</span>
          {list.hasNext ? <a href={`/updates?page=${list.page + 1}`}>{t("reader.older")}</a> : null}
        </nav>
      ) : null}
      {signedIn ? <DigestSwitch digest={digest} /> : <p>{t("reader.signInHint")}</p>}
      <section className="stack" aria-labelledby="feeds-heading">
        <h2 id="feeds-heading">{t("reader.feedsHeading")}</h2>
        <ul>
          {supportedLanguages.map((language) => (
            <li key={language}>
              <a href={`/updates/feed/${language}`} type="application/atom+xml">
                {t("reader.feedLink", { language: t(`common:language.names.${language}`) })}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/**
 * The weekly digest's switch: a signed-in reader's only. One button whose value the page sets, so the only error is
 * a tampered value, shown from the action's reply; no client-side form state (Conform's was per render, on every visit).
 */
function DigestSwitch({ digest }: { digest: boolean | null }) {
  const { t } = useTranslation("updates");
  const actionData = useActionData<typeof action>();
  const errors = messagesOf(actionData?.result);
  return (
    <section className="panel stack" aria-labelledby="digest-heading">
      <h2 id="digest-heading">{t("reader.digest.heading")}</h2>
      <p data-testid="digest-state">{digest ? t("reader.digest.on") : t("reader.digest.off")}</p>
      <Form noValidate method="post" id="update-digest" aria-describedby={errors.length > 0 ? "update-digest-error" : undefined}>
        <FormErrors id="update-digest-error" errors={errors} />
        <button type="submit" name="digest" value={digest ? "off" : "on"} className="button">
          {digest ? t("reader.digest.turnOff") : t("reader.digest.turnOn")}
        </button>
      </Form>
    </section>
  );
}
