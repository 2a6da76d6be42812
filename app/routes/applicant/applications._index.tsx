import { z } from "zod";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { InLanguage } from "../../components/access/names";
import { listOwnApplications, loadApplicantStanding } from "../../domain/access/index.server";
import { startApplication } from "../../domain/access/index.server";
import { pageTitle } from "../../i18n/page-title";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";

const StartApplicationSchema = z.object({ intent: z.literal("start") });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:applications.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const [standing, applications] = await Promise.all([loadApplicantStanding(session.userId), listOwnApplications(session.userId)]);
  return json({ standing, applications });
}

// Starting an application: the form says so (an empty or stray POST starts nothing); the draft opens for writing.
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const { submission } = await parseForm(request, StartApplicationSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { id } = await startApplication({ applicantId: session.userId, request: await requestContextOf(request, context) });
  return redirect(`/applications/${id}`);
}

export default function Applications() {
  const { t } = useTranslation("access");
  const { standing, applications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>{t("applications.title")}</h1>
      <p>{t("applications.intro")}</p>
      {standing === null ? (
        <p className="alert">{t("applications.noProfile")}</p>
      ) : (
        <p className={standing.verified ? "alert alert--success" : "alert"} role="status">
          {standing.refused ? t("applications.refused") : standing.verified ? t("applications.verified", { institution: standing.institution }) : t("applications.unverified", { institution: standing.institution })}
        </p>
      )}
      <FormErrors id="start-errors" errors={actionData?.result?.error ? Object.values(actionData.result.error).flatMap((list) => list ?? []) : undefined} />
      {standing && !standing.refused ? (
        <Form noValidate method="post" action="/applications?index">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="button">
            {t("applications.start")}
          </button>
        </Form>
      ) : null}
      <h2>{t("applications.listHeading")}</h2>
      {applications.length === 0 ? (
        <p>{t("applications.none")}</p>
      ) : (
        <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("applications.reference")}</th>
              <th scope="col">{t("applications.titleColumn")}</th>
              <th scope="col">{t("applications.state")}</th>
              <th scope="col">{t("applications.updated")}</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((application) => (
              <tr key={application.id}>
                <td>
                  <a href={`/applications/${application.id}`}>{application.reference}</a>
                </td>
                <td>
                  <InLanguage text={application.title} fallback={t("applications.untitled")} />
                </td>
                <td>{t(`states.${application.state}`)}</td>
                <td>
                  <DateTime value={application.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
