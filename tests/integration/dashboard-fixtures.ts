// Consented participants for the dashboard, withdrawal and verification tests (integration and browser): a real
// published form version and a real grantConsent, so every event, PDF and mail is the one production writes.
import { choiceCatalogue, type ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import { currentFormVersion, loadFormVersion, PROGRAMME_FORM_KEY, type FormVersion } from "../../app/domain/consent/forms/load-form-version.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import type { SupportedLanguage } from "../../app/i18n/languages";
import { getDatabase } from "../../app/db.server";
import { createParticipant, type CreatedParticipant } from "../factories/participant-factory";
import { runJobsUntilSettled } from "../support/jobs";

/** The form new consents are signed under: whatever is current, or the seeded 1.0 published now if none is. */
export async function signableFormVersion(): Promise<FormVersion> {
  try {
    return await currentFormVersion(PROGRAMME_FORM_KEY);
  } catch {
    return loadFormVersion(await ensurePublishedFormVersion("1.0"));
  }
}

/** A generous, typical set of answers: yes to every use, want to know findings, email when contacted. */
export function typicalChoices(version: FormVersion, overrides: ChoiceSnapshot = {}): ChoiceSnapshot {
  const preferred: Record<string, string> = { "recontact.channel": "email", "recontact.frequency": "as_needed" };
  const choices: ChoiceSnapshot = {};
  for (const id of offeredChoices(version.content)) {
    const options = choiceCatalogue[id].options as readonly string[];
    // A choice that is no yes/no (the disposition after a life event, ADR 143) takes its first option.
    choices[id] = overrides[id] ?? preferred[id] ?? (id.startsWith("findings.") ? "want" : options.includes("yes") ? "yes" : options[0]!);
  }
  return choices;
}

export interface ConsentedParticipant extends CreatedParticipant {
  grant: LedgerEventRecord;
  version: FormVersion;
}

/**
 * A participant who signed the current form online, in the language given: themselves (with an account), or, with
 * `byProxy`, a child without an account whose parent signed for them.
 */
export async function consentedParticipant(
  options: { language?: SupportedLanguage; choices?: ChoiceSnapshot; byProxy?: boolean; phone?: string; medicalRecordNumber?: string; fullName?: string; runFollowUp?: boolean } = {},
): Promise<ConsentedParticipant> {
  const language = options.language ?? "ja";
  const version = await signableFormVersion();
  const participant = await createParticipant(
    options.byProxy ? { withAccount: false, withProxy: true, fullName: options.fullName ?? "山田 さくら", dateOfBirth: "2016-06-01" } : { fullName: options.fullName },
  );
  const stored = language === "ja-easy" ? "ja_easy" : language;
  await getDatabase().participantIdentity.update({
    where: { participantId: participant.id },
    data: { preferredLanguage: stored, phone: options.phone ?? "090-0000-0000", medicalRecordNumber: options.medicalRecordNumber ?? `MRN-${participant.pseudonym}` },
  });
  const account = participant.user ?? participant.proxy;
  if (account) await getDatabase().user.update({ where: { id: account.id }, data: { preferredLanguage: stored } });
  const grant = await grantConsent({
    participantId: participant.id,
    formVersionId: version.id,
    choices: typicalChoices(version, options.choices),
    printedName: participant.proxy ? participant.proxy.fullName : participant.fullName,
    language,
    signer: participant.proxy ? { kind: "proxy", proxyAssignmentId: participant.proxy.assignmentId } : { kind: "participant" },
    actor: participant.proxy ? { userId: participant.proxy.id, role: "proxy" } : { userId: participant.user!.id, role: "participant" },
    method: "online",
    request: { ipAddress: "127.0.0.1", userAgent: "test" },
  });
  // The grant's PDF copy and notice are queued jobs (ADR 031); a consented participant is one whose follow-up ran.
  if (options.runFollowUp !== false) await runJobsUntilSettled();
  return { ...participant, grant, version };
}

// Loaders and actions are called the way the server calls them (tests/support/route-requests.ts).
export { appOrigin, cookieFor, formPost, loadContext, replyErrors, settle } from "../support/route-requests";
