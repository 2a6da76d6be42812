import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageTitle } from "../../i18n/page-title";
import { ReportDocument, ReportErrorBoundary } from "../../routes-support/reports/report-document";
import { reportPageLoader } from "../../routes-support/reports/report-page.server";
import transparencyStyles from "../../styles/transparency.css?url";
import updateStyles from "../../styles/updates.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: updateStyles },
  { rel: "stylesheet", href: transparencyStyles },
];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.report.title} (v${data.report.version}) | Tsunagi` }] : pageTitle(matches, "reports:public.title");

/** One published version of a report, at its own address for good (ADR 048): a correction never moves it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return reportPageLoader(request, { slug: params.slug, version: params.version });
}

export const ErrorBoundary = ReportErrorBoundary;

export default function ReportVersion() {
  const { report } = useLoaderData<typeof loader>();
  return <ReportDocument report={report} />;
}
