import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { registrableSampleKinds } from "../domain/consent/index";
import { FormErrors } from "./form-field";

/**
 * The coordinator's small form for a sample taken after enrolment: its kind, nothing else (the code is generated).
 * Posts to /staff/participants/:id/samples, which shows the form again with what was wrong.
 */
export function RegisterSampleForm({ participantId, lastResult }: { participantId: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation("enrolment");
  const [form, fields] = useForm<{ kind: string }>({ id: "register-sample", lastResult });
  const errorId = fields.kind.errors?.length ? fields.kind.errorId : undefined;
  return (
    <Form method="post" action={`/staff/participants/${participantId}/samples`} {...getFormProps(form)} className="stack">
      <FormErrors id={form.errorId} errors={form.errors} />
      <fieldset className="field" aria-describedby={errorId}>
        <legend>{t("samples.kind")}</legend>
        {registrableSampleKinds.map((kind) => (
          <label key={kind} className="choice">
            <input type="radio" name={fields.kind.name} value={kind} defaultChecked={fields.kind.initialValue === kind} /> {t(`sampleKind.${kind}`)}
          </label>
        ))}
      </fieldset>
      {errorId ? (
        <p className="field-error" id={errorId} role="alert">
          {fields.kind.errors!.join(" ")}
        </p>
      ) : null}
      <p>
        <button type="submit" className="button">
          {t("samples.submit")}
        </button>
      </p>
    </Form>
  );
}
