import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DateTime } from "../date-time";
import { FormErrors } from "../form-errors";
import { serverCheckedFormProps, serverCheckedInputProps, useServerCheckedForm } from "../server-checked-form";
import { FieldErrors, JourneyNav, RadioOption, SavedNote, useRelationship } from "./journey-parts";
import type { StepProps } from "./journey-step-props";

/**
 * The signature: what it means, stated in full above the box, then the signer's own name typed in. A question
 * still waiting for an answer is pointed out plainly; it does not block signing, the participant decides.
 */
export function SignStep({ data, actionData, backHref, exitHref }: StepProps<"sign">) {
  const { t } = useTranslation("journey");
  const relationship = useRelationship();
  const { screen } = data;
  const body = screen.body;
  const form = useServerCheckedForm("sign", actionData?.result, ["journeyId", "printedName", "signer"]);
  const { fields } = form;
  const nameHintId = `${fields.printedName.id}-hint`;
  const nameProps = serverCheckedInputProps(fields.printedName, { type: "text", ariaDescribedBy: nameHintId });
  return (
    <>
      <h1>{t("sign.title")}</h1>
      {body.openQuestions > 0 ? (
        <div className="alert" data-testid="question-waiting">
          <p>
            <strong>{t("sign.questionWaiting")}</strong>
          </p>
          {screen.method === "online" ? (
            <p>
              <a href={`/consent/questions?participant=${screen.participantId}&back=${encodeURIComponent(`${data.basePath}/sign`)}`}>{t("sign.seeQuestions")}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      <section aria-labelledby="statement-heading">
        <h2 id="statement-heading">{t("sign.statementHeading")}</h2>
        <blockquote className="journey-statement" data-testid="signature-statement">
          <p>{body.statement}</p>
        </blockquote>
      </section>
      <Form noValidate method="post" {...serverCheckedFormProps(form)} className="panel">
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="journeyId" value={screen.journeyId} />
        {screen.method === "assisted" ? (
          <>
            {body.witnessName ? <p>{t("assisted.witness", { name: body.witnessName })}</p> : null}
            {body.proxies.length > 0 ? (
              <fieldset className="journey-options">
                <legend>{t("assisted.signer")}</legend>
                <RadioOption name="signer" value="participant" label={t("assisted.signerParticipant")} defaultChecked />
                {body.proxies.map((proxy) => (
                  <RadioOption key={proxy.id} name="signer" value={proxy.id} label={t("assisted.signerProxy", { name: proxy.fullName, relationship: relationship(proxy.relationship) })} />
                ))}
              </fieldset>
            ) : null}
          </>
        ) : screen.subject.as === "proxy" ? (
          <p className="journey-subject">{t("sign.proxyNote", { name: screen.subject.displayName, relationship: relationship(screen.subject.relationship) })}</p>
        ) : null}
        <div className="field">
          <label htmlFor={fields.printedName.id}>{t("sign.nameLabel")}</label>
          <span className="hint" id={nameHintId}>
            {screen.method === "assisted" ? t("sign.assistedNameHint") : t("sign.nameHint")}
          </span>
          <input {...nameProps} autoComplete="name" />
          <FieldErrors id={fields.printedName.errorId} errors={fields.printedName.errors} />
        </div>
        <p>
          {t("sign.timeNowLabel")} <DateTime value={body.now} />
        </p>
        <p className="hint">{t("sign.timeNote")}</p>
        <JourneyNav backHref={backHref}>
          <button type="submit" className="button">
            {t("sign.submit")}
          </button>
        </JourneyNav>
      </Form>
      <SavedNote stopHref={exitHref} />
    </>
  );
}
