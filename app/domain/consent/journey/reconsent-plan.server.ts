import type { Database, Transaction } from "../../../db.server";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";
import { formChanges, type ChangeKind } from "@tsunagi/consent-rules/form-changes";
import { compareVersions, loadFormVersion, type FormVersion, reconsentDeadlineOf } from "../forms/index.server";
import { carriedPath } from "./carried-choices.server";
import { outlineOf, reconsentOutlineOf, totalSteps } from "./journey-steps";
import type { ReconsentSummary } from "./journey-views";

type Db = Database | Transaction;

/** Why this person is going through the form: a first consent, a new version, or their own consent at 18. */
export function journeyPurposeOf(state: { status: string; consentedBy: string } | null, signingAs: "self" | "proxy" | "unknown"): "initial" | "own_consent_at_majority" | "reconsent" {
  if (!state || state.status === "withdrawn") return "initial";
  if (state.consentedBy === "proxy" && signingAs === "self") return "own_consent_at_majority";
  return "reconsent";
}

/**
 * The version a re-consent starts from (ADR 120): the one the consent in force was signed on, when it is an earlier
 * version of the same form. Anything else — a first consent, one's own at 18, a form of another arm — walks the
 * whole form.
 */
export async function signedEarlierVersion(
  state: { status: string; consentedBy: string; formVersionId: string | null } | null,
  signingAs: "self" | "proxy" | "unknown",
  version: FormVersion,
  db: Db,
): Promise<FormVersion | null> {
  if (journeyPurposeOf(state, signingAs) !== "reconsent" || !state?.formVersionId) return null;
  const signed = await loadFormVersion(state.formVersionId, db);
  return signed.formKey === version.formKey && compareVersions(signed.version, version.version) < 0 ? signed : null;
}

/**
 * What the start page says before a re-consent (issue 55 Deliver 2): what changed between the two versions, worked
 * out from them (never written by hand), how short the path is, which answers are carried over, and the deadline.
 */
export async function reconsentSummary(participantId: string, previous: FormVersion, version: FormVersion, language: FormLanguage, db: Db): Promise<ReconsentSummary> {
  const changes = formChanges(previous.content, version.content);
  const [{ outline, carried: inForce }, deadline] = await Promise.all([carriedPath(participantId, reconsentOutlineOf(version.content, changes), db), reconsentDeadlineOf(version.id, db)]);
  const text = version.content.languages[language];
  const before = previous.content.languages[language];
  const headingOf = (id: string, kind: ChangeKind) => (kind === "removed" ? before : text).sections.find((section) => section.id === id)?.heading ?? id;
  return {
    previousVersion: previous.version,
    deadline,
    steps: totalSteps(outline),
    fullSteps: totalSteps(outlineOf(version.content)),
    sections: changes.sections.map((change) => ({ heading: headingOf(change.id, change.kind), kind: change.kind })),
    // A choice the path carries is not asked, though the form added it (the disposition after a life event, ADR 144).
    choices: changes.choices.filter((change) => change.kind === "removed" || !outline.carriedChoiceIds.includes(change.id)).map((change) => ({ title: (change.kind === "removed" ? before : text).choices[change.id]?.title ?? change.id, kind: change.kind })),
    questions: changes.questions.filter((change) => change.kind !== "removed").length,
    carried: outline.carriedChoiceIds.filter((id) => inForce[id] !== undefined).map((id) => ({ title: text.choices[id]!.title, valueLabel: text.choices[id]!.options[inForce[id]!] ?? "" })),
  };
}
