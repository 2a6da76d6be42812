import type { ProgrammeArea } from "../participants/index";

/**
 * Which consent form each arm of the programme signs (issue 55 defect 6; ADR 124): a patient enrolled for rare
 * disease (希少疾患) reads and signs the rare-disease form, never the cancer form's "がんの組織". Every place that
 * offers, starts, shows or records a form asks `formKeyForArea`; the journey and the grant refuse a form of another
 * arm (`form_not_for_area`).
 */
export const programmeFormKeys = {
  cancer: "wgs-cancer",
  rare_disease: "wgs-rare-disease",
} as const satisfies Record<ProgrammeArea, string>;

export type ProgrammeFormKey = (typeof programmeFormKeys)[ProgrammeArea];

/** Every programme form, in the order staff pages list them. */
export const programmeFormKeyList: readonly ProgrammeFormKey[] = Object.values(programmeFormKeys);

/**
 * The form an enrolment signs. A participant enrolled before the area was recorded (null) was enrolled when the
 * cancer form was the programme's only one, and signed it: they keep to it.
 */
export function formKeyForArea(area: ProgrammeArea | null): ProgrammeFormKey {
  return programmeFormKeys[area ?? "cancer"];
}

/** Whether a form key is one of the programme's forms (a staff page's `?form=` parameter). */
export function isProgrammeFormKey(value: unknown): value is ProgrammeFormKey {
  return typeof value === "string" && (programmeFormKeyList as readonly string[]).includes(value);
}

/**
 * Where a published version's whole text is read (`/consent/form/:version`), for any arm's form: the cancer form's
 * links stay as they were, another form's carry `form=`, so "read the whole form" from a rare-disease journey opens the
 * rare-disease text and never the cancer one of the same number.
 */
export function formTextPath(formKey: string, version: string, language?: string): string {
  const query = new URLSearchParams();
  if (formKey !== programmeFormKeys.cancer) query.set("form", formKey);
  if (language) query.set("lang", language);
  const search = query.toString();
  return `/consent/form/${version}${search ? `?${search}` : ""}`;
}
