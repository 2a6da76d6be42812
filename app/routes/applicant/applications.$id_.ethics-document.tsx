import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { EthicsDocumentLink } from "../../components/access/ethics-document-link";
import { UserText } from "../../components/user-text";
import { InLanguage } from "../../components/access/names";
import { AppError, appErrorCodes, type AppErrorCode } from "../../domain/kernel/index";
import { attachEthicsDocument } from "../../domain/access/index.server";
import { ethicsDocumentPath, MAX_ETHICS_DOCUMENT_BYTES } from "../../domain/access/index";
import { loadOwnApplication } from "../../domain/access/index.server";
import { uuidPattern } from "../../domain/kernel/index";
import { titleOf } from "../../domain/access/index";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { notFound } from "../../forms/refusals.server";
import { answerRefusals } from "../../forms/refusal-answers.server";
import { messagesOf } from "../../forms/submission-errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:ethicsDocument.title");

async function ownApplication(applicantId: string, id: string | undefined) {
  if (!id || !uuidPattern.test(id)) throw notFound();
  return loadOwnApplication({ applicantId, applicationId: id });
}

/** The document attached so far, and the form to attach or replace it while the application can be edited. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  return json({ id: application.id, reference: application.reference, title: titleOf(application.content), editable: application.editable, document: application.ethicsDocument });
}

/**
 * The file is held in memory (at most 10 MB) only until it is checked and stored; a part past that is refused as it
 * arrives. The edge (server/request-body.ts) already refused a body past 10.5 MB before it was read, and let that
 * much through only for a session holding `applications:own`. Any other file part is dropped; other fields are small.
 */
const uploadHandler = unstable_composeUploadHandlers(
  unstable_createMemoryUploadHandler({ maxPartSize: MAX_ETHICS_DOCUMENT_BYTES, filter: ({ name, filename }) => name === "document" && filename !== undefined }),
  unstable_createMemoryUploadHandler({ maxPartSize: 10_000, filter: ({ filename }) => filename === undefined }),
);

/** The file's own refusals, said on the file input; any other (the application no longer editable) above it. */
const fileRefusals: Partial<Record<AppErrorCode, string>> = Object.fromEntries(
  appErrorCodes.filter((code) => code.startsWith("ethics_document_")).map((code) => [code, "document"]),
);

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Checked before the body is parsed: nothing of an upload to another applicant's application is read or kept.
  const session = await requirePermission(request, context, "applications:own");
  const application = await ownApplication(session.userId, params.id);
  // Every refusal's words go under the file input (the page shows the form's first message there).
  answerRefusals({ field: fileRefusals });
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, uploadHandler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError && error.field === "document") throw new AppError("ethics_document_too_large");
    // Not multipart (a form without the file input), or a field past its size: no file to take.
    throw new AppError("ethics_document_missing");
  }
  const file = formData.get("document");
  // A file input left empty still sends its part, with no name and no bytes.
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) throw new AppError("ethics_document_missing");
  await attachEthicsDocument({
    applicantId: session.userId,
    applicationId: application.id,
    fileName: file.name,
    content: new Uint8Array(await file.arrayBuffer()),
    request: await requestContextOf(request, context),
  });
  return redirect(`/applications/${application.id}?notice=ethicsDocument`);
}

export default function EthicsDocumentPage() {
  const { t } = useTranslation("access");
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<{ result?: SubmissionResult<string[]> }>();
  // The refusal's words, wherever the answer put them: under the file input, as the page always said them.
  const error = messagesOf(actionData?.result)[0];
  const hintId = "ethics-document-hint";
  const errorId = "ethics-document-error";
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/applications/${page.id}`}>{t("ethicsDocument.back")}</a>
      </p>
      <h1>{t("ethicsDocument.heading", { reference: page.reference })}</h1>
      <InLanguage text={page.title} fallback={null} />
      <p>{t("ethicsDocument.intro")}</p>
      <section className="panel stack" aria-labelledby="ethics-document-current">
        <h2 id="ethics-document-current">{t("ethicsDocument.current")}</h2>
        {page.document ? (
          <p>
            <UserText text={page.document.fileName} />
            <br />
            <EthicsDocumentLink href={ethicsDocumentPath(page.id)} document={page.document} />
          </p>
        ) : (
          <p data-testid="ethics-document-none">{t("ethicsDocument.none")}</p>
        )}
      </section>
      {page.editable ? (
        <Form noValidate method="post" encType="multipart/form-data" className="panel stack">
          <div className="field">
            <label htmlFor="ethics-document">{page.document ? t("ethicsDocument.replaceLabel") : t("ethicsDocument.label")}</label>
            <span className="hint" id={hintId}>
              {t("ethicsDocument.hint")}
            </span>
            <input
              id="ethics-document"
              name="document"
              type="file"
              accept="application/pdf,.pdf"
              required
              aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              aria-invalid={error ? true : undefined}
            />
            {error ? (
              <p className="field-error" id={errorId} role="alert">
                {error}
              </p>
            ) : null}
          </div>
          <p className="hint">{t("ethicsDocument.checks")}</p>
          <button type="submit" className="button">
            {page.document ? t("ethicsDocument.replace") : t("ethicsDocument.attach")}
          </button>
        </Form>
      ) : (
        <p className="alert" role="status" data-testid="ethics-document-locked">
          {t("ethicsDocument.locked")}
        </p>
      )}
    </div>
  );
}
