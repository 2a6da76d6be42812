import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes } from "react";

interface Props {
  field: FieldMetadata<string>;
  label: string;
  type: "text" | "email" | "password";
  hint?: string;
  autoComplete?: string;
  inputMode?: InputHTMLAttributes<HTMLInputElement>["inputMode"];
}

/** Label, hint and error tied to the input for screen readers; the error is announced when it appears. */
export function FormField({ field, label, type, hint, autoComplete, inputMode }: Props) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const inputProps = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      <input {...inputProps} key={inputProps.key} autoComplete={autoComplete} inputMode={inputMode} />
      {field.errors?.length ? (
        <p className="field-error" id={field.errorId} role="alert">
          {field.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="alert alert--error" id={id} role="alert">
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}
