import { parseWithZod } from "@conform-to/zod/v4";
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { FieldErrors } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { VerificationLookupSchema, verifyConsentRecord, type VerificationResult } from "../../domain/consent/index.server";
import { formErrorMap } from "../../forms/form-error-map";
import { parseForm } from "../../forms/parse-form.server";
import { echoedText } from "../../domain/kernel/index";
import { getFixedT } from "../../i18n/i18n";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "verify:title");

interface Outcome {
  code: string;
  fieldErrors: string[];
  result: VerificationResult | null;
}

// Rate-limited and refused lookups answer 4xx so scripts notice; an intact or broken record is a normal answer.
function statusOf(outcome: Outcome): number {
  if (outcome.fieldErrors.length > 0 || outcome.result?.kind === "malformed" || outcome.result?.kind === "not_found") return 400;
  if (outcome.result?.kind === "rate_limited") return 429;
  return 200;
}

/** A code in the address (the link printed on every PDF) is checked at once; the form below asks the same way. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!url.searchParams.has("code")) return json<Outcome>({ code: "", fieldErrors: [], result: null });
  const t = await getFixedT(await getLanguage(request), "errors");
  const submission = parseWithZod(url.searchParams, { schema: VerificationLookupSchema.pick({ code: true }), error: formErrorMap(t) });
  const typed = echoedText(url.searchParams.get("code") ?? "", 64);
  if (submission.status !== "success") {
    const outcome: Outcome = { code: typed, fieldErrors: submission.error?.code ?? [t("field.invalid")], result: null };
    return json(outcome, { status: statusOf(outcome) });
  }
  const result = await verifyConsentRecord({ code: submission.value.code, request: await requestContextOf(request, context) });
  const outcome: Outcome = { code: typed, fieldErrors: [], result };
  return json(outcome, { status: statusOf(outcome) });
}

/** Comparing an uploaded PDF with the stored copy: a POST to /verify without ?code, so the loader does not look up twice. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { submission, t, language } = await parseForm(request, VerificationLookupSchema);
  const typed = echoedText(String(submission.payload.code ?? ""), 64);
  if (submission.status !== "success") {
    const fileProblem = submission.error?.pdf?.length ? [(await getFixedT(language, "verify"))("pdf.tooLarge")] : [];
    const errors = [...(submission.error?.code ?? []), ...fileProblem];
    const outcome: Outcome = { code: typed, fieldErrors: errors.length ? errors : [t("field.invalid")], result: null };
    return json(outcome, { status: statusOf(outcome) });
  }
  const pdf = submission.value.pdf ? new Uint8Array(await submission.value.pdf.arrayBuffer()) : null;
  const result = await verifyConsentRecord({ code: submission.value.code, pdf, request: await requestContextOf(request, context) });
  const outcome: Outcome = { code: typed, fieldErrors: [], result };
  return json(outcome, { status: statusOf(outcome) });
}

function ResultPanel({ result }: { result: VerificationResult }) {
  const { t } = useTranslation(["verify", "documents"]);
  if (result.kind === "malformed") return <Message tone="error" text={t("malformed")} />;
  if (result.kind === "not_found") return <Message tone="error" text={t("notFound")} />;
  if (result.kind === "rate_limited") return <Message tone="error" text={t("rateLimited")} />;
  if (result.kind === "broken") {
    return (
      <section className="alert alert--error" aria-labelledby="result-heading" data-testid="verify-result" data-result="broken">
        <h2 id="result-heading">{t("broken.heading")}</h2>
        <p>{t("broken.body")}</p>
        <p>
          {t("intact.code")}: <span className="mono">{result.code}</span>
        </p>
      </section>
    );
  }
  const { record } = result;
  return (
    <section className="alert alert--success" aria-labelledby="result-heading" data-testid="verify-result" data-result="intact">
      <h2 id="result-heading">{t("intact.heading")}</h2>
      <p>{t("intact.body")}</p>
      <dl className="dash-facts">
        <dt>{t("intact.code")}</dt>
        <dd className="mono">{record.verificationCode}</dd>
        <dt>{t("intact.type")}</dt>
        <dd>{t(`documents:eventTypes.${record.type}`)}</dd>
        <dt>{t("intact.dateTime")}</dt>
        <dd>
          <DateTime value={record.occurredAt} withUtc />
        </dd>
        <dt>{t("intact.method")}</dt>
        <dd>{t(`documents:methods.${record.method}`)}</dd>
        {record.formVersion ? (
          <>
            <dt>{t("intact.formVersion")}</dt>
            <dd>{record.formVersion}</dd>
          </>
        ) : null}
        {record.formVersionHash ? (
          <>
            <dt>{t("intact.formVersionHash")}</dt>
            <dd className="mono">{record.formVersionHash}</dd>
          </>
        ) : null}
        <dt>{t("intact.eventHash")}</dt>
        <dd className="mono">{record.eventHash}</dd>
      </dl>
      {result.pdf ? (
        <p data-testid="pdf-result" data-pdf={result.pdf}>
          <strong>{t(`pdf.${result.pdf}`)}</strong>
        </p>
      ) : null}
    </section>
  );
}

function Message({ tone, text }: { tone: "error"; text: string }) {
  return (
    <div className={`alert alert--${tone}`} role="alert" data-testid="verify-result" data-result="refused">
      <p>{text}</p>
    </div>
  );
}

export default function VerifyPage() {
  const { t } = useTranslation("verify");
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const outcome = posted ?? loaded;
  const hasErrors = outcome.fieldErrors.length > 0;
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p className="alert">{t("privacy")}</p>

      <Form noValidate method="get" action="/verify" className="panel" id="verify-code">
        <div className="field">
          <label htmlFor="verify-code-input">{t("codeLabel")}</label>
          <span className="hint" id="verify-code-hint">
            {t("codeHint")}
          </span>
          <input
            id="verify-code-input"
            name="code"
            type="text"
            defaultValue={outcome.code}
            key={outcome.code}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            aria-invalid={hasErrors ? true : undefined}
            aria-describedby={`verify-code-hint${hasErrors ? " verify-code-error" : ""}`}
          />
          <FieldErrors id="verify-code-error" errors={outcome.fieldErrors} />
        </div>
        <button type="submit" className="button button--block">
          {t("submit")}
        </button>
      </Form>

      {outcome.result ? <ResultPanel result={outcome.result} /> : null}

      {outcome.result?.kind === "intact" ? (
        <Form noValidate method="post" action="/verify" encType="multipart/form-data" className="panel" aria-labelledby="pdf-heading">
          <h2 id="pdf-heading">{t("pdf.heading")}</h2>
          <p>{t("pdf.intro")}</p>
          <input type="hidden" name="code" value={outcome.result.code} />
          <div className="field">
            <label htmlFor="verify-pdf-input">{t("pdf.label")}</label>
            <input id="verify-pdf-input" name="pdf" type="file" accept="application/pdf,.pdf" className="dash-file" />
          </div>
          <button type="submit" className="button button--secondary">
            {t("pdf.submit")}
          </button>
        </Form>
      ) : null}

      <section aria-labelledby="how-heading">
        <h2 id="how-heading">{t("how.heading")}</h2>
        <p>{t("how.body")}</p>
      </section>
    </div>
  );
}
