import { json, type ActionFunctionArgs, type LinksFunction, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldErrors } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { checkConsentReceipt, type ReceiptCheck } from "../../domain/consent/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getFixedT } from "../../i18n/i18n";
import { pageTitle } from "../../i18n/page-title";
import dashboardStyles from "../../styles/consent-dashboard.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "verify:receipt.title");

/** A receipt is a few kilobytes; the server refuses any body over 1 MB before it reaches us. */
const maxReceiptBytes = 1_000_000;

const ReceiptCheckSchema = z.object({
  receipt: z.file().max(maxReceiptBytes).optional(),
  text: z.string().trim().max(maxReceiptBytes).optional(),
});

interface Outcome {
  fieldErrors: string[];
  check: ReceiptCheck | null;
  /** Each answer's own, so the form is drawn empty again after it (a file chosen before is not sent twice). */
  answer: string;
}

/**
 * Anyone may check a receipt (ADR 108): a file or its pasted text, checked against the published keys only. Nothing is
 * stored or logged of it, so there is nothing to rate-limit beyond the server's body limit: no database is asked.
 * A form problem answers 400; a receipt that is not one, 400; a valid or an altered receipt is the check's answer, 200.
 */
export async function action({ request }: ActionFunctionArgs) {
  const { submission, language } = await parseForm(request, ReceiptCheckSchema);
  const t = await getFixedT(language, "verify");
  // What was sent is not a receipt to check (400): the form is drawn empty again, nothing of it sent back.
  const refused = (fieldErrors: string[]) => invalidForm(submission, { fieldErrors, check: null, answer: crypto.randomUUID() } satisfies Outcome, { resetForm: true });
  if (submission.status !== "success") {
    const fileProblem = submission.error?.receipt?.length ? [t("receipt.tooLarge")] : [];
    const errors = [...fileProblem, ...(submission.error?.text ?? [])];
    return refused(errors.length > 0 ? errors : [t("receipt.missing")]);
  }
  const file = submission.value.receipt && submission.value.receipt.size > 0 ? submission.value.receipt : null;
  const text = submission.value.text ?? "";
  if (file && text) return refused([t("receipt.both")]);
  if (!file && !text) return refused([t("receipt.missing")]);
  const check = await checkConsentReceipt(file ? await file.text() : text);
  return json<Outcome>({ fieldErrors: [], check, answer: crypto.randomUUID() }, { status: !check.valid && check.reason === "malformed" ? 400 : 200 });
}

function ValidReceipt({ check }: { check: Extract<ReceiptCheck, { valid: true }> }) {
  const { t } = useTranslation(["verify", "documents"]);
  const { receipt } = check;
  return (
    <section className="alert alert--success" aria-labelledby="result-heading" data-testid="receipt-result" data-result="valid">
      <h2 id="result-heading">{t("receipt.valid.heading")}</h2>
      <p>{t("receipt.valid.body")}</p>
      <dl className="dash-facts">
        <dt>{t("receipt.valid.issuer")}</dt>
        <dd>
          {receipt.issuer.name} (<span className="mono">{receipt.issuer.iri}</span>)
        </dd>
        <dt>{t("receipt.valid.pseudonym")}</dt>
        <dd className="mono">{receipt.pseudonym}</dd>
        {receipt.change.type ? (
          <>
            <dt>{t("receipt.valid.change")}</dt>
            <dd data-testid="receipt-change">{t(`documents:eventTypes.${receipt.change.type}`)}</dd>
          </>
        ) : null}
        {receipt.change.withdrawalLevel ? (
          <>
            <dt>{t("receipt.valid.withdrawalLevel")}</dt>
            <dd>{t(`documents:withdrawalLevels.${receipt.change.withdrawalLevel}`)}</dd>
          </>
        ) : null}
        <dt>{t("receipt.valid.when")}</dt>
        <dd>
          <DateTime value={receipt.change.occurredAt} withUtc />
        </dd>
        {receipt.change.method ? (
          <>
            <dt>{t("receipt.valid.method")}</dt>
            <dd>{t(`documents:methods.${receipt.change.method}`)}</dd>
          </>
        ) : null}
        {receipt.formVersion ? (
          <>
            <dt>{t("receipt.valid.formVersion")}</dt>
            <dd>{receipt.formVersion}</dd>
          </>
        ) : null}
        {receipt.formVersionSha256 ? (
          <>
            <dt>{t("receipt.valid.formVersionHash")}</dt>
            <dd className="mono">{receipt.formVersionSha256}</dd>
          </>
        ) : null}
        <dt>{t("receipt.valid.issuedAt")}</dt>
        <dd>
          <DateTime value={receipt.issuedAt} withUtc />
        </dd>
        <dt>{t("receipt.valid.keyId")}</dt>
        <dd className="mono">{receipt.keyId}</dd>
      </dl>
      <details>
        <summary>{t("receipt.valid.raw")}</summary>
        <pre className="mono" tabIndex={0}>
          {receipt.json}
        </pre>
      </details>
    </section>
  );
}

export default function VerifyReceiptPage() {
  const { t } = useTranslation("verify");
  const outcome = useActionData<typeof action>();
  const errors = outcome?.fieldErrors ?? [];
  const check = outcome?.check ?? null;
  return (
    <div className="stack">
      <h1>{t("receipt.title")}</h1>
      <p>{t("receipt.intro")}</p>
      <p className="alert">
        {t("receipt.privacy")} <a href="/consent-receipts/jwks.json">{t("receipt.keys")}</a>
      </p>

      <Form noValidate method="post" encType="multipart/form-data" className="panel" aria-labelledby="receipt-form-heading" key={outcome?.answer ?? "first"}>
        <h2 id="receipt-form-heading" className="visually-hidden">
          {t("receipt.submit")}
        </h2>
        <div className="field">
          <label htmlFor="receipt-file">{t("receipt.fileLabel")}</label>
          <input
            id="receipt-file"
            name="receipt"
            type="file"
            accept=".jws,application/jose,text/plain"
            className="dash-file"
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={errors.length > 0 ? "receipt-error" : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="receipt-text">{t("receipt.textLabel")}</label>
          <span className="hint" id="receipt-text-hint">
            {t("receipt.textHint")}
          </span>
          <textarea
            id="receipt-text"
            name="text"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            className="mono"
            aria-invalid={errors.length > 0 ? true : undefined}
            aria-describedby={`receipt-text-hint${errors.length > 0 ? " receipt-error" : ""}`}
          />
          <FieldErrors id="receipt-error" errors={errors} />
        </div>
        <button type="submit" className="button button--block">
          {t("receipt.submit")}
        </button>
      </Form>

      {check?.valid ? <ValidReceipt check={check} /> : null}
      {check && !check.valid ? (
        <section className="alert alert--error" role="alert" aria-labelledby="result-heading" data-testid="receipt-result" data-result={check.reason}>
          <h2 id="result-heading">{t("receipt.invalid.heading")}</h2>
          <p>{t(`receipt.invalid.${check.reason}`)}</p>
        </section>
      ) : null}

      <section aria-labelledby="proves-heading">
        <h2 id="proves-heading">{t("receipt.proves.heading")}</h2>
        <p>{t("receipt.proves.yes")}</p>
        <p>{t("receipt.proves.no")}</p>
      </section>
    </div>
  );
}
