import type { SubmissionResult } from "@conform-to/react";
import { useEffect } from "react";

/**
 * Forms drawn from the server's last answer alone (issue 60 item 2, ADR 161): the consent journey's and sign-in's. Every
 * form in the app is checked on the server only (issue 55 defect 3: no validation in the browser), so Conform's browser
 * runtime (9–10 kB gzipped, the largest part of those pages' own code) did nothing there but name the form's parts,
 * show the server's errors, focus the first refused field and empty a form the server reset. This does the same with
 * the names Conform gives (`<form>-<field>`, `…-error`), so the pages, their tests and the server's answers stay as they
 * were, with JavaScript or without. The server still parses with Conform (`parseForm`).
 */
export interface CheckedFieldState {
  formId: string;
  id: string;
  name: string;
  errorId: string;
  /** The server's errors for this field, already in the reader's language. */
  errors?: string[];
  /** What the participant had typed, sent back with a refusal. */
  initialValue?: string;
}

export interface CheckedFormState<Name extends string> {
  id: string;
  errorId: string;
  /** The errors of the whole form (`""` in the server's answer). */
  errors?: string[];
  fields: Record<Name, CheckedFieldState>;
}

type LastResult = SubmissionResult<string[]> | undefined;

/** The form's and its fields' ids and the server's errors, and, after a refusal, focus on the first field it names. */
export function useServerCheckedForm<Name extends string>(id: string, lastResult: LastResult, names: readonly Name[] = []): CheckedFormState<Name> {
  const errors = lastResult?.error ?? {};
  const initial = (lastResult?.initialValue ?? {}) as Record<string, unknown>;
  const fields = {} as Record<Name, CheckedFieldState>;
  for (const name of names) {
    const fieldId = `${id}-${name}`;
    const value = initial[name];
    fields[name] = { formId: id, id: fieldId, name, errorId: `${fieldId}-error`, errors: errors[name] ?? undefined, initialValue: typeof value === "string" ? value : undefined };
  }
  // As Conform did: a refusal arriving in the page moves focus to the first control it names, and an answer that resets
  // the form (`reply({ resetForm: true })`, whose initialValue is null) empties it.
  useEffect(() => {
    const form = document.getElementById(id);
    if (!(form instanceof HTMLFormElement)) return;
    if (lastResult?.initialValue === null) return form.reset();
    if (lastResult?.status !== "error") return;
    for (const element of form.elements) {
      if ((element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) && element.type !== "hidden" && lastResult.error?.[element.name]?.length) {
        element.focus();
        break;
      }
    }
  }, [id, lastResult]);
  return { id, errorId: `${id}-error`, errors: errors[""] ?? undefined, fields };
}

/** A `<form>`'s id and its errors (the form says `noValidate` itself, where the lint rule reads it). */
export function serverCheckedFormProps(form: CheckedFormState<string>) {
  return { id: form.id, "aria-describedby": form.errors?.length ? form.errorId : undefined };
}

/** A text input's attributes, as Conform's getInputProps gave them. */
export function serverCheckedInputProps(field: CheckedFieldState, options: { type: "text"; ariaDescribedBy?: string }) {
  const invalid = field.errors !== undefined;
  return {
    id: field.id,
    name: field.name,
    form: field.formId,
    type: options.type,
    defaultValue: field.initialValue,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${field.errorId} ${options.ariaDescribedBy ?? ""}`.trim() : options.ariaDescribedBy,
  };
}
