import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField, SelectField, TextAreaField } from "../../components/form-field";
import { identifierProblem, researchOutputKinds, ResearchOutputFormSchema, type ResearchOutputKind } from "../../domain/access/index";
import { loadOwnApplication, recordResearchOutput } from "../../domain/access/index.server";
import { uuidPattern } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm, notFound } from "../../forms/refusals.server";
import { translator } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:researchOutput.recordTitle");

async function ownApprovedApplication(applicantId: string, id: string | undefined) {
  if (!id || !uuidPattern.test(id)) throw notFound();
  const application = await loadOwnApplication({ applicantId, applicationId: id });
  // Outputs come of an approved use: an application without an approval has none to record.
  if (!application.approval) throw notFound();
  return application;
}

/** The approved applicant records what came of the use (issue 57 item 5; ADR 139); another applicant's application is 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApprovedApplication(session.userId, params.id);
  return json({ id: application.id, reference: application.reference });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApprovedApplication(session.userId, params.id);
  const { submission, language } = await parseForm(request, ResearchOutputFormSchema);
  if (submission.status !== "success") {
    // The identifier's rule depends on the kind: its own words, where the schema's are general.
    const kind = submission.payload.kind;
    const identifier = typeof submission.payload.identifier === "string" ? submission.payload.identifier.trim() : "";
    const problem = typeof kind === "string" && (researchOutputKinds as readonly string[]).includes(kind) ? identifierProblem(kind as ResearchOutputKind, identifier) : null;
    return invalidForm(submission, {}, problem ? { fieldErrors: { ...submission.error, identifier: [translator(language, "access")(`researchOutput.errors.${problem}`)] } as Record<string, string[]> } : undefined);
  }
  await recordResearchOutput({ applicantId: session.userId, applicationId: application.id, output: submission.value, request: await requestContextOf(request, context) });
  return redirect(`/applications/${application.id}?notice=researchOutput`);
}

export default function RecordResearchOutput() {
  const { t } = useTranslation("access");
  const { id, reference } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ kind: string; title: string; identifier: string; publishedOn: string; summaryJa: string; summaryJaEasy: string; summaryEn: string }>({
    id: "research-output",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
  });
  return (
    <div className="stack">
      <h1>{t("researchOutput.recordTitle")}</h1>
      <p className="mono">{reference}</p>
      <p>{t("researchOutput.recordIntro")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField field={fields.kind} label={t("researchOutput.kindLabel")} options={researchOutputKinds.map((kind) => ({ value: kind, label: t(`researchOutput.kinds.${kind}`) }))} placeholder="" />
        <FormField field={fields.title} label={t("researchOutput.titleLabel")} />
        <FormField field={fields.identifier} label={t("researchOutput.identifierLabel")} hint={t("researchOutput.identifierHint")} />
        <FormField field={fields.publishedOn} label={t("researchOutput.publishedOnLabel")} type="date" />
        <TextAreaField field={fields.summaryJa} label={t("researchOutput.summaryJaLabel")} hint={t("researchOutput.summaryHint")} lang="ja" rows={4} />
        <TextAreaField field={fields.summaryJaEasy} label={t("researchOutput.summaryJaEasyLabel")} hint={t("researchOutput.summaryJaEasyHint")} lang="ja" rows={4} />
        <TextAreaField field={fields.summaryEn} label={t("researchOutput.summaryEnLabel")} lang="en" rows={4} />
        <button type="submit" className="button">
          {t("researchOutput.submit")}
        </button>
      </Form>
      <p>
        <a href={`/applications/${id}`}>{t("researchOutput.back")}</a>
      </p>
    </div>
  );
}
