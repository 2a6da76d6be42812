import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireParticipantAccess } from "../../auth/participant-access.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { FieldErrors, RadioOption, useRelationship } from "../../components/journey/journey-parts";
import { PaperConsentSchema } from "../../domain/consent/index";
import { loadPaperConsentView } from "../../domain/consent/index.server";
import { recordPaperConsent } from "../../domain/consent/index.server";
import { MAX_SCAN_BYTES } from "../../domain/consent/index";
import { formErrorMap } from "../../forms/form-error-map";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import journeyStyles from "../../styles/consent-journey.css?url";
import { PersonName } from "../../components/person-name";
import { invalidForm } from "../../forms/refusals.server";
import { answerRefusals, rememberSubmission } from "../../forms/refusal-answers.server";
import { AppError } from "../../domain/kernel/index";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enrolment:paper.title");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const language = await getLanguage(request);
  const view = await loadPaperConsentView({ participantId, coordinatorUserId: session.userId, language, request: await requestContextOf(request, context) });
  const recorded = new URL(request.url).searchParams.get("recorded");
  return json({ view, recorded: recorded && /^[A-Z0-9-]{4,40}$/.test(recorded) ? recorded : null });
}

/** The scan is held in memory (at most 10 MB) only until it is stored with the grant; other fields are small. */
const uploadHandler = unstable_composeUploadHandlers(
  unstable_createMemoryUploadHandler({ maxPartSize: MAX_SCAN_BYTES, filter: ({ name, filename }) => name === "scan" && filename !== undefined }),
  unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
);

async function readMultipart(request: Request): Promise<FormData | null> {
  try {
    return await unstable_parseMultipartFormData(request, uploadHandler);
  } catch {
    // Too large, or not multipart at all: either way the file was not accepted and nothing is stored.
    return null;
  }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // Checked before the body is read: nothing of an upload for a participant out of reach is parsed or kept.
  const { session, participantId } = await requireParticipantAccess(request, context, "participants:consent_on_behalf", params.id);
  const language = await getLanguage(request);
  const t = await getFixedT(language, "errors");
  const formData = await readMultipart(request);
  // Too large or not multipart: the file was not accepted, said above the form as the domain's refusal of a file is.
  if (!formData) throw new AppError("file_not_accepted");
  const submission = parseWithZod(formData, { schema: PaperConsentSchema, error: formErrorMap(t) });
  // Read without parseForm (the scan is multipart): the adapter is told the form a refusal is said on (ADR 131).
  rememberSubmission(submission, t, request);
  const hidden = { hideFields: ["scan"] };
  answerRefusals(hidden);
  if (submission.status !== "success") return invalidForm(submission, {}, hidden);
  const value = submission.value;
  const event = await recordPaperConsent({
    participantId,
    formVersionId: value.formVersionId,
    scan: { fileName: value.scan.name, content: new Uint8Array(await value.scan.arrayBuffer()) },
    signedOn: value.signedOn,
    printedName: value.printedName,
    signer: value.signer,
    choices: value.choices,
    language,
    coordinator: { userId: session.userId, role: session.user.role },
    request: await requestContextOf(request, context),
  });
  throw redirect(`/staff/participants/${participantId}/paper?recorded=${encodeURIComponent(event.verificationCode)}`);
}

export default function PaperConsent() {
  const { t } = useTranslation("journey");
  const relationship = useRelationship();
  const { view, recorded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ formVersionId: string; scan: File; signedOn: string; printedName: string; signer: string; choices: string[]; transcribed: string }>({
    id: "paper-consent",
    lastResult: actionData?.result,
  });
  const choiceFields = fields.choices.getFieldList();
  const scanHint = `${fields.scan.id}-hint`;
  const signedOnHint = `${fields.signedOn.id}-hint`;
  const nameHint = `${fields.printedName.id}-hint`;
  const signedOnProps = getInputProps(fields.signedOn, { type: "date", ariaDescribedBy: signedOnHint });
  const nameProps = getInputProps(fields.printedName, { type: "text", ariaDescribedBy: nameHint });
  return (
    <div className="stack">
      <p>
        <a href={`/staff/participants/${view.participantId}`}>{t("assisted.backToRecord")}</a>
      </p>
      <h1>{t("enrolment:paper.title")}</h1>
      {recorded ? (
        <p className="alert alert--success" role="status" data-testid="paper-recorded">
          {t("enrolment:paper.recorded", { code: recorded })}
        </p>
      ) : null}
      <p>{t("enrolment:paper.intro")}</p>
      <section className="panel" aria-labelledby="participant-heading">
        <h2 id="participant-heading">{t("assisted.participant")}</h2>
        <dl className="journey-facts">
          <dt>{t("assisted.name")}</dt>
          <dd>
            <PersonName name={view.fullName} />
          </dd>
          <dt>{t("assisted.pseudonym")}</dt>
          <dd className="mono">{view.pseudonym}</dd>
          <dt>{t("enrolment:paper.formVersion")}</dt>
          <dd>{view.formVersion}</dd>
        </dl>
      </section>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="formVersionId" value={view.formVersionId} />
        <div className="field">
          <label htmlFor={fields.scan.id}>{t("enrolment:paper.scan")}</label>
          <span className="hint" id={scanHint}>
            {t("enrolment:paper.scanHint")}
          </span>
          <input
            id={fields.scan.id}
            name={fields.scan.name}
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-describedby={scanHint}
            aria-invalid={fields.scan.errors?.length ? true : undefined}
          />
          <FieldErrors id={fields.scan.errorId} errors={fields.scan.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.signedOn.id}>{t("enrolment:paper.signedOn")}</label>
          <span className="hint" id={signedOnHint}>
            {t("enrolment:paper.signedOnHint")}
          </span>
          <input {...signedOnProps} key={signedOnProps.key} />
          <FieldErrors id={fields.signedOn.errorId} errors={fields.signedOn.errors} />
        </div>
        <fieldset className="journey-options">
          <legend>{t("enrolment:paper.signer")}</legend>
          <RadioOption name="signer" value="participant" label={t("assisted.signerParticipant")} defaultChecked={fields.signer.initialValue !== undefined ? fields.signer.initialValue === "participant" : true} />
          {view.proxies.map((proxy) => (
            <RadioOption key={proxy.id} name="signer" value={proxy.id} label={t("assisted.signerProxy", { name: proxy.fullName, relationship: relationship(proxy.relationship) })} defaultChecked={fields.signer.initialValue === proxy.id} />
          ))}
        </fieldset>
        <FieldErrors id={fields.signer.errorId} errors={fields.signer.errors} />
        <div className="field">
          <label htmlFor={fields.printedName.id}>{t("enrolment:paper.printedName")}</label>
          <span className="hint" id={nameHint}>
            {t("enrolment:paper.printedNameHint")}
          </span>
          <input {...nameProps} key={nameProps.key} autoComplete="off" />
          <FieldErrors id={fields.printedName.errorId} errors={fields.printedName.errors} />
        </div>
        <h2>{t("enrolment:paper.choicesHeading")}</h2>
        {view.choices.map((choice, index) => {
          const field = choiceFields[index];
          return (
            <fieldset key={choice.id} className="journey-paper-choice" aria-describedby={field?.errors?.length ? field.errorId : undefined}>
              <legend>{choice.title}</legend>
              <div className="journey-options">
                {choice.options.map((option) => (
                  <RadioOption key={option.value} name={`choices[${index}]`} value={option.value} label={option.label} defaultChecked={field?.initialValue === option.value} />
                ))}
              </div>
              {field ? <FieldErrors id={field.errorId} errors={field.errors} /> : null}
            </fieldset>
          );
        })}
        <FieldErrors id={fields.choices.errorId} errors={fields.choices.errors} />
        <label className="journey-checkbox">
          <input type="checkbox" name="transcribed" value="on" aria-describedby={fields.transcribed.errors?.length ? fields.transcribed.errorId : undefined} />
          <span>{t("enrolment:paper.transcribed")}</span>
        </label>
        <FieldErrors id={fields.transcribed.errorId} errors={fields.transcribed.errors} />
        <button type="submit" className="button button--block">
          {t("enrolment:paper.submit")}
        </button>
      </Form>
      <section className="panel" aria-labelledby="scans-heading">
        <h2 id="scans-heading">{t("enrolment:paper.scans")}</h2>
        {view.scans.length === 0 ? <p>{t("enrolment:paper.noScans")}</p> : null}
        <ul className="list-plain">
          {view.scans.map((scan) => (
            <li key={scan.eventId}>
              <a href={`/staff/participants/${view.participantId}/paper/scan/${scan.eventId}`}>{t("enrolment:paper.viewScan", { name: scan.fileName })}</a>{" "}
              <span className="hint">
                <DateTime value={scan.uploadedAt} withUtc /> · <span className="mono">{scan.verificationCode}</span>
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
