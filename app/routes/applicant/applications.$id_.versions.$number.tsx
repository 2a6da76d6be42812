import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { ApplicationView } from "../../components/access/application-view";
import { DateTime } from "../../components/date-time";
import { UserText } from "../../components/user-text";
import { loadOwnApplicationVersion } from "../../domain/access/index.server";
import { uuidPattern } from "../../domain/kernel/index";
import { pageTitle } from "../../i18n/page-title";
import { notFound } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:application.versionTitle");

/** An earlier version of one's own application, exactly as submitted (a return never rewrites it). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const number = Number(params.number);
  if (!params.id || !uuidPattern.test(params.id) || !Number.isInteger(number) || number < 1 || number > 10_000) throw notFound();
  const version = await loadOwnApplicationVersion({ applicantId: session.userId, applicationId: params.id, number });
  return json({ id: params.id, version });
}

export default function ApplicationVersion() {
  const { t } = useTranslation("access");
  const { id, version } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <a href={`/applications/${id}`}>{t("application.backToApplication")}</a>
      </p>
      <h1>{t("application.versionHeading", { reference: version.reference, number: version.number })}</h1>
      {version.submittedAt ? (
        <p>
          {t("application.submittedAt")} <DateTime value={version.submittedAt} />
        </p>
      ) : null}
      {version.returnNote ? (
        <div className="alert">
          <p>{t("application.returnedWith")}</p>
          <UserText text={version.returnNote} className="pre-wrap" />
        </div>
      ) : null}
      <ApplicationView content={version.content} />
    </div>
  );
}
