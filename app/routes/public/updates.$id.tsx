import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FuriganaCorrections } from "@tsunagi/furigana-jsx/furigana";
import { useTranslation } from "react-i18next";
import { DateTime } from "../../components/date-time";
import { UpdateMarkdown } from "../../components/update-markdown";
import { readProgrammeUpdate } from "../../domain/updates/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import { updateReaderOf } from "./+support/update-reader.server";
import updateStyles from "../../styles/updates.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: updateStyles }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => (data ? [{ title: `${data.update.current.title} | Tsunagi` }] : pageTitle(matches, "updates:reader.title"));

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const [reader, language] = await Promise.all([updateReaderOf(request, context), getLanguage(request)]);
  const update = await readProgrammeUpdate({ updateId: params.id ?? "", audience: reader.audience, userId: reader.userId, language });
  return json({ update });
}

export default function ProgrammeUpdatePage() {
  const { t } = useTranslation("updates");
  const { update } = useLoaderData<typeof loader>();
  const { current, earlier } = update;
  return (
    <article className="stack updates-page" aria-labelledby="update-title">
      <p>
        <a href="/updates">{t("detail.back")}</a>
      </p>
      <FuriganaCorrections corrections={current.readingCorrections}>
        <h1 id="update-title">{current.title}</h1>
      </FuriganaCorrections>
      <p className="update-item__meta">
        {t("detail.publishedOn")} <DateTime value={update.publishAt} />
      </p>
      {earlier.length > 0 ? (
        <section className="panel update-change" aria-labelledby="update-change-heading" data-testid="change-note">
          <h2 id="update-change-heading">{t("detail.correctedHeading")}</h2>
          <p>
            {t("detail.correctedOn")} <DateTime value={current.publishedAt} />
          </p>
          <p>{current.changeNote}</p>
        </section>
      ) : null}
      <UpdateMarkdown markdown={current.body} corrections={current.readingCorrections} />
      {earlier.length > 0 ? (
        <section className="stack update-earlier" aria-labelledby="update-earlier-heading">
          <h2 id="update-earlier-heading">{t("detail.earlierHeading")}</h2>
          {earlier.map((version) => (
            <details key={version.number} data-testid="earlier-version">
              <summary>
                {t("detail.earlierVersion", { number: version.number })} (<DateTime value={version.publishedAt} />)
              </summary>
              <FuriganaCorrections corrections={version.readingCorrections}>
                <h3>{version.title}</h3>
              </FuriganaCorrections>
              <UpdateMarkdown markdown={version.body} corrections={version.readingCorrections} />
            </details>
          ))}
        </section>
      ) : null}
    </article>
  );
}
