import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import type { CheckedFieldState } from "./server-checked-form";

/**
 * The form fields every page uses (issue 31 item 4): a label, an optional hint and the field's error, tied to the
 * control for screen readers (the error is announced when it appears), and the control's name, value and validity
 * from Conform's field metadata — or, on a page drawn without Conform in the browser (server-checked-form.ts, ADR 161),
 * from the same names and the server's answer. No page writes its own.
 */

/** What a field shows: its ids and the server's errors. */
type ShownField = { id: string; errorId: string; errors?: string[] };

export function FieldError({ field }: { field: ShownField }) {
  if (!field.errors?.length) return null;
  return (
    <p className="field-error" id={field.errorId} role="alert">
      {field.errors.join(" ")}
    </p>
  );
}

function FieldShell({ field, label, hint, children }: { field: ShownField; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintIdOf(field, hint)}>
          {hint}
        </span>
      ) : null}
      {children}
      <FieldError field={field} />
    </div>
  );
}

const hintIdOf = (field: ShownField, hint: string | undefined) => (hint ? `${field.id}-hint` : undefined);

interface CommonProps {
  field: FieldMetadata<string>;
  label: string;
  hint?: string;
  /** The language of the text typed in, when it differs from the page's. */
  lang?: string;
}

export function FormField({
  field,
  label,
  type = "text",
  hint,
  autoComplete,
  inputMode,
  lang,
}: Omit<CommonProps, "field"> & { field: FieldMetadata<string> | CheckedFieldState; type?: "text" | "email" | "password" | "date" | "datetime-local"; autoComplete?: string; inputMode?: InputHTMLAttributes<HTMLInputElement>["inputMode"] }) {
  // getInputProps reads only what both kinds have: ids, name, form, errors, initial value, `required` (undefined here).
  const props = getInputProps(field as FieldMetadata<string>, { type, ariaDescribedBy: hintIdOf(field, hint) });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <input {...props} key={props.key} autoComplete={autoComplete} inputMode={inputMode} lang={lang} />
    </FieldShell>
  );
}

export function TextAreaField({ field, label, hint, lang, rows = 6 }: CommonProps & { rows?: number }) {
  const props = getTextareaProps(field, { ariaDescribedBy: hintIdOf(field, hint) });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <textarea {...props} key={props.key} lang={lang} rows={rows} />
    </FieldShell>
  );
}

/** `placeholder`: an empty first choice, selected until one is made, where the first option would be a choice made by default. */
export function SelectField({ field, label, hint, options, placeholder }: Omit<CommonProps, "lang"> & { options: readonly { value: string; label: string }[]; placeholder?: string }) {
  const props = getSelectProps(field, { ariaDescribedBy: hintIdOf(field, hint) });
  return (
    <FieldShell field={field} label={label} hint={hint}>
      <select {...props} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

// The form's own errors, in a module of their own: a page drawn without Conform (the consent journey, ADR 161) takes
// them without Conform's helpers.
export { FormErrors } from "./form-errors";
