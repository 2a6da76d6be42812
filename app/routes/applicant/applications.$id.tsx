import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ApplicationFields } from "../../components/access/application-fields";
import { ApplicationView } from "../../components/access/application-view";
import { EthicsDocumentLink } from "../../components/access/ethics-document-link";
import { InLanguage, NameList } from "../../components/access/names";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { UserText } from "../../components/user-text";
import { titleOf } from "../../domain/access/index";
import { ApplicationFormSchema, contentOfForm, formDefaultsOf } from "../../domain/access/index";
import { ethicsDocumentPath } from "../../domain/access/index";
import { loadOwnApplication } from "../../domain/access/index.server";
import { saveApplicationDraft } from "../../domain/access/index.server";
import { reportOutputs } from "../../domain/access/index.server";
import { submitApplication } from "../../domain/access/index.server";
import { isWithdrawable } from "../../domain/access/index.server";
import { freeTextSchema } from "../../domain/kernel/index";
import { searchDiseases, type DiseaseLabel } from "../../domain/access/index";
import { uuidPattern } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm, notFound } from "../../forms/refusals.server";

const OutputsSchema = z.object({ intent: z.literal("outputs"), outputs: freeTextSchema(4000) });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:application.title");

async function ownApplication(applicantId: string, id: string | undefined) {
  if (!id || !uuidPattern.test(id)) throw notFound();
  return loadOwnApplication({ applicantId, applicationId: id });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  return json({ application, defaultValue: formDefaultsOf(application.content), withdrawable: isWithdrawable(application.state) });
}

/** Save the draft, or save and submit it; a refusal (not verified, incomplete, already submitted) is said on the form. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  if (!application.editable) {
    // An approved application takes one form: the outputs the register shows.
    const { submission } = await parseForm(request, OutputsSchema);
    if (submission.status !== "success") return invalidForm(submission);
    await reportOutputs({ applicantId: session.userId, applicationId: application.id, outputs: submission.value.outputs, request: await requestContextOf(request, context) });
    return redirect(`/applications/${application.id}?notice=outputs`);
  }
  const { submission } = await parseForm(request, ApplicationFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const requestContext = await requestContextOf(request, context);
  await saveApplicationDraft({ applicantId: session.userId, applicationId: application.id, content: contentOfForm(submission.value), request: requestContext });
  if (submission.value.intent === "findDiseases" && submission.value.diseaseSearch.trim() !== "") {
    // The search without JavaScript (issue 29 item 7): the draft is saved as it stands, and the names that match
    // come back as boxes to tick, in both languages with their codes.
    const query = submission.value.diseaseSearch.trim();
    return json({ result: submission.reply() as SubmissionResult<string[]>, diseaseSearch: { query, found: searchDiseases(query) } });
  }
  if (submission.value.intent === "submit") {
    await submitApplication({ applicantId: session.userId, applicationId: application.id, request: requestContext });
    return redirect(`/applications/${application.id}?notice=submitted`);
  }
  return redirect(`/applications/${application.id}?notice=saved`);
}

export default function ApplicationPage() {
  const { t } = useTranslation(["access", "recontact"]);
  const { application, defaultValue, withdrawable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = searchParams.get("notice");
  const [form, fields] = useForm<Record<string, string>>({ id: "application", defaultValue, lastResult: actionData?.result, shouldValidate: "onSubmit", shouldRevalidate: "onSubmit" });
  const returned = [...application.versions].reverse().find((version) => version.returnedAt);
  const diseaseSearch = actionData && "diseaseSearch" in actionData ? (actionData.diseaseSearch as { query: string; found: DiseaseLabel[] }) : undefined;
  return (
    <div className="stack forms-page">
      <p>
        <a href="/applications">{t("application.back")}</a>
      </p>
      <h1>
        {t("application.heading", { reference: application.reference })}
        {application.content.titleJa || application.content.titleEn ? (
          <>
            {" "}
            <InLanguage text={titleOf(application.content)} />
          </>
        ) : null}
      </h1>
      <p className="tag" data-testid="application-state">
        {t(`states.${application.state}`)}
      </p>
      {notice === "saved" || notice === "submitted" || notice === "outputs" || notice === "withdrawn" || notice === "ethicsDocument" || notice === "researchOutput" ? (
        <p className="alert alert--success" role="status">
          {t(`application.notices.${notice}`)}
        </p>
      ) : null}
      {withdrawable ? (
        <p>
          <a href={`/applications/${application.id}/withdraw`}>{t("withdraw.link")}</a>
        </p>
      ) : null}
      {application.state === "returned" && returned?.returnNote ? (
        <div className="alert" role="status">
          <p>{t("application.returned", { version: returned.number })}</p>
          <UserText text={returned.returnNote} className="pre-wrap" />
        </div>
      ) : null}
      {application.decisions.map((decision) => (
        <section key={decision.round} className="panel stack" aria-labelledby={`decision-${decision.round}`} data-testid="decision">
          <h2 id={`decision-${decision.round}`}>{t("application.decision", { outcome: t(`outcomes.${decision.outcome}`) })}</h2>
          <p>
            <DateTime value={decision.decidedAt} />
          </p>
          {decision.conditions ? (
            <p>
              {t("application.conditions")} <UserText text={decision.conditions} className="pre-wrap" />
            </p>
          ) : null}
          {decision.rationale ? (
            <p>
              {t("application.rationale")} <UserText text={decision.rationale} className="pre-wrap" />
            </p>
          ) : null}
        </section>
      ))}
      {application.approval ? (
        <section className="panel stack" aria-labelledby="approval">
          <h2 id="approval">{t("application.approval")}</h2>
          <p>
            {t(`approvalStatus.${application.approval.expired && application.approval.status === "active" ? "expired" : application.approval.status}`)} ·{" "}
            <DateTime value={application.approval.startsAt} /> – <DateTime value={application.approval.endsAt} />
          </p>
          <p>{t("application.approvedDatasets")}</p>
          <NameList kind="dataset" codes={application.approval.datasets} />
          <Form noValidate method="post" className="stack">
            <input type="hidden" name="intent" value="outputs" />
            <div className="field">
              <label htmlFor="outputs">{t("application.outputs")}</label>
              <span className="hint" id="outputs-hint">
                {t("application.outputsHint")}
              </span>
              <textarea id="outputs" name="outputs" rows={4} maxLength={4000} defaultValue={application.approval.outputs} aria-describedby="outputs-hint" required />
            </div>
            <button type="submit" className="button button--secondary">
              {t("application.reportOutputs")}
            </button>
          </Form>
          {application.approval.status === "active" && !application.approval.expired ? (
            <p>
              <a href={`/applications/${application.id}/visa`}>{t("application.visa")}</a>
            </p>
          ) : null}
          <p>
            <a href={`/applications/${application.id}/outputs/new`}>{t("researchOutput.recordLink")}</a>
          </p>
          <p>
            <a href={`/applications/${application.id}/invitations`}>{t("recontact:studyInvitation.applicant.link")}</a>
          </p>
        </section>
      ) : null}
      {application.editable ? (
        <section className="panel stack" aria-labelledby="ethics-document" data-testid="ethics-document-panel">
          <h2 id="ethics-document">{t("ethicsDocument.panelHeading")}</h2>
          {application.ethicsDocument ? (
            <EthicsDocumentLink href={ethicsDocumentPath(application.id)} document={application.ethicsDocument} />
          ) : (
            <p>{t("ethicsDocument.none")}</p>
          )}
          <p>
            <a href={`/applications/${application.id}/ethics-document`}>{application.ethicsDocument ? t("ethicsDocument.replaceLink") : t("ethicsDocument.attachLink")}</a>
          </p>
        </section>
      ) : null}
      {application.editable ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <p>{t("application.formIntro")}</p>
          {application.missing.length > 0 ? <p className="hint">{t("application.missing", { count: application.missing.length })}</p> : null}
          <FormErrors id={form.errorId} errors={form.errors} />
          <ApplicationFields
            fields={fields as never}
            missing={application.missing}
            diseaseSearch={diseaseSearch}
            savedDiseases={actionData?.result?.status === "error" ? undefined : application.content.diseases}
          />
          <div className="cluster">
            <button type="submit" name="intent" value="save" className="button button--secondary">
              {t("application.save")}
            </button>
            <button type="submit" name="intent" value="submit" className="button">
              {t("application.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <ApplicationView content={application.content} ethicsDocument={{ applicationId: application.id, document: application.ethicsDocument }} />
      )}
      <section className="stack" aria-labelledby="versions">
        <h2 id="versions">{t("application.versions")}</h2>
        <ul>
          {application.versions.map((version) => (
            <li key={version.number}>
              {version.submittedAt ? (
                <a href={`/applications/${application.id}/versions/${version.number}`}>{t("application.version", { number: version.number })}</a>
              ) : (
                t("application.draftVersion", { number: version.number })
              )}
              {version.submittedAt ? (
                <>
                  {" "}
                  · {t("application.submittedAt")} <DateTime value={version.submittedAt} />
                </>
              ) : null}
              {version.returnedAt ? (
                <>
                  {" "}
                  · {t("application.returnedAt")} <DateTime value={version.returnedAt} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
