import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { DateTime } from "../../components/date-time";
import { ReleaseLogTable } from "../../components/transparency/release-log-table";
import { loadLatestSnapshot } from "../../domain/transparency/index.server";
import { pageTitle } from "../../i18n/page-title";
import transparencyStyles from "../../styles/transparency.css?url";
import { badRequest, notFound } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: transparencyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "transparency:releaseLog.heading");

const PAGE_SIZE = 50;
const QuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/** The public log of every release (issue 16 item 1), newest first, 50 a page. A page past the end is a 404. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = QuerySchema.safeParse({ page: url.searchParams.get("page") ?? undefined });
  if (!query.success || url.searchParams.getAll("page").length > 1) throw badRequest();
  const snapshot = await loadLatestSnapshot();
  const log = snapshot?.content.releaseLog ?? [];
  const pages = Math.max(1, Math.ceil(log.length / PAGE_SIZE));
  if (query.data.page > pages) throw notFound();
  const start = (query.data.page - 1) * PAGE_SIZE;
  return json({ page: query.data.page, pages, total: log.length, computedAt: snapshot?.computedAt.toISOString() ?? null, releases: log.slice(start, start + PAGE_SIZE) });
}

export default function ReleaseLog() {
  const { t } = useTranslation(["transparency", "common"]);
  const { page, pages, total, computedAt, releases } = useLoaderData<typeof loader>();
  return (
    <div className="stack transparency-page">
      <p>
        <a href="/transparency">{t("backToDashboard")}</a>
      </p>
      <h1>{t("releaseLog.heading")}</h1>
      <p>{t("releaseLog.body")}</p>
      {computedAt ? (
        <p>
          {t("computedAt")} <DateTime value={computedAt} withUtc />
        </p>
      ) : null}
      {releases.length === 0 ? (
        <p>{t("releaseLog.empty")}</p>
      ) : (
        <ReleaseLogTable releases={releases} caption={t("releaseLog.pageCaption", { page, pages, all: total })} />
      )}
      {pages > 1 ? (
        <nav aria-label={t("releaseLog.pagesLabel")}>
          <ul className="list-inline">
            {page > 1 ? (
              <li>
                <a href={`/transparency/releases?page=${page - 1}`} rel="prev">
                  {t("releaseLog.newer")}
                </a>
              </li>
            ) : null}
            {page < pages ? (
              <li>
                <a href={`/transparency/releases?page=${page + 1}`} rel="next">
                  {t("releaseLog.older")}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
