import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JourneyOutcome } from "../../domain/consent/index";
import { kioskHandBackPath } from "../../domain/session/index";
import { DateTime } from "../date-time";
import { FormErrors } from "../form-errors";
import type { JourneyActionData } from "./journey-step-props";
import { serverCheckedFormProps, serverCheckedInputProps, useServerCheckedForm } from "../server-checked-form";
import { FieldErrors } from "./journey-parts";

export interface JourneyOutcomeData {
  outcome: JourneyOutcome;
  basePath: string;
  /** The clinic tablet is locked to this journey (ADR 121): the end is handing it back, with no way out of it. */
  kiosk: boolean;
}

/** In simple words for the child, whatever the page language: their own agreement, their own name. */
export function AssentPage({ data, actionData }: { data: JourneyOutcomeData; actionData: JourneyActionData }) {
  const { t } = useTranslation("journey");
  const { outcome } = data;
  const form = useServerCheckedForm("assent", actionData?.result, ["childPrintedName"]);
  const { fields } = form;
  const nameProps = serverCheckedInputProps(fields.childPrintedName, { type: "text" });
  const done = `${data.basePath}/done/${outcome.journeyId}`;
  if (!outcome.assent.due) {
    return (
      <div className="stack">
        <h1>{t("assent.notNeededTitle")}</h1>
        <p>
          <a className="button" href={done}>
            {t("assent.continue")}
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="stack journey">
      <h1>{outcome.assent.childName ? t("assent.title", { name: outcome.assent.childName }) : t("assent.titleNoName")}</h1>
      <p>{t("assent.forAdult")}</p>
      <p>{t("assent.intro")}</p>
      <blockquote className="journey-statement" data-testid="assent-statement">
        <p>{outcome.assent.statement}</p>
      </blockquote>
      <Form noValidate method="post" {...serverCheckedFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="field">
          <label htmlFor={fields.childPrintedName.id}>{t("assent.nameLabel")}</label>
          <input {...nameProps} autoComplete="off" />
          <FieldErrors id={fields.childPrintedName.errorId} errors={fields.childPrintedName.errors} />
        </div>
        <div className="journey-nav">
          <button type="submit" className="button">
            {t("assent.submit")}
          </button>
          <a className="button button--secondary" href={done}>
            {t("assent.skip")}
          </a>
        </div>
        <p className="hint">{t("assent.skipNote")}</p>
      </Form>
    </div>
  );
}

/** Thank you, with the record's time, its verification code, and the signer's copy. */
export function DonePage({ data, assentJustRecorded }: { data: JourneyOutcomeData; assentJustRecorded: boolean }) {
  const { t } = useTranslation("journey");
  const { outcome } = data;
  const staff = outcome.method === "assisted";
  return (
    <div className="stack journey">
      <h1>{t("done.title")}</h1>
      <p className="alert alert--success" role="status">
        {t("done.recorded")}
      </p>
      {assentJustRecorded || outcome.assent.recorded ? <p>{t("done.assentRecorded")}</p> : null}
      <dl className="journey-facts">
        <dt>{t("done.signedBy")}</dt>
        <dd data-testid="signed-by">{outcome.printedName}</dd>
        <dt>{t("done.signedAt")}</dt>
        <dd data-testid="signed-at">
          <DateTime value={outcome.signedAt} />
        </dd>
        <dt>{t("done.code")}</dt>
        <dd className="journey-code" data-testid="verification-code">
          {outcome.verificationCode}
        </dd>
      </dl>
      <p className="hint">{t("done.codeHint")}</p>
      {data.kiosk ? (
        // A shared tablet keeps no copy: the signed PDF goes by mail or on paper from the coordinator.
        <>
          <p>{outcome.emailed ? t("done.emailed") : t("kiosk.copyFromStaff")}</p>
          <section className="panel" aria-labelledby="hand-back-heading">
            <h2 id="hand-back-heading">{t("kiosk.handBackTitle")}</h2>
            <p>{t("kiosk.handBackBody")}</p>
            <p>
              <a className="button" href={kioskHandBackPath}>
                {t("kiosk.finished")}
              </a>
            </p>
          </section>
        </>
      ) : (
        <>
          <p>
            <a className="button" href={`/consent/documents/${outcome.eventId}.pdf`} download>
              {t("done.download")}
            </a>
          </p>
          <p>{outcome.emailed ? t("done.emailed") : t("done.notEmailed")}</p>
        </>
      )}
      {data.kiosk ? null : (
        <ul className="journey-links">
          {staff ? (
            <li>
              <a href={`/staff/participants/${outcome.participantId}`}>{t("assisted.backToRecord")}</a>
            </li>
          ) : (
            <>
              <li>
                <a href={`/consent?participant=${outcome.participantId}`}>{t("done.seeConsent")}</a>
              </li>
              <li>
                <a href={`/verify?code=${encodeURIComponent(outcome.verificationCode)}`}>{t("done.verify")}</a>
              </li>
              <li>
                <a href="/home">{t("done.home")}</a>
              </li>
            </>
          )}
        </ul>
      )}
    </div>
  );
}
