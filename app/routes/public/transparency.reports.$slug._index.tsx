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
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => (data ? [{ title: `${data.report.title} | Tsunagi` }] : pageTitle(matches, "reports:public.title"));

/** A report's newest published version (ADR 048); each version also has its own address, …/v/<n>. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return reportPageLoader(request, { slug: params.slug });
}

export const ErrorBoundary = ReportErrorBoundary;

export default function LatestReport() {
  const { report } = useLoaderData<typeof loader>();
  return <ReportDocument report={report} />;
}
