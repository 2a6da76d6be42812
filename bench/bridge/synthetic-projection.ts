/**
 * The synthetic population the bridge benchmarks use: subject n is pseudonym `TGP-P<n>` with one sample `S-<n>-T`,
 * consented on the seeded form 1.0 with a mix a real cohort would show, so filters have something to exclude:
 * per hundred, 4 withdrawn (no further use), 3 declining industry sharing, 2 paused for re-consent, 1 sample
 * destroyed, 90 consenting to everything.
 */
import { offeredChoices } from "@tsunagi/consent-rules/form-content";
import type { ConsentChangeMessage } from "@tsunagi/consent-rules/consent-change-message";
import { seededFormContent } from "../../app/wiring/demo/seed-consent-forms.server";
import type { SubjectRecord } from "../../services/pipeline-bridge/src/projection/subject-store";

export type Consent = ConsentChangeMessage["consent"];
export type SubjectKind = "withdrawn" | "industry_declined" | "reconsent_paused" | "sample_destroyed" | "consented";

export const sampleCode = (index: number) => `S-${index}-T`;
export const pseudonymOf = (index: number) => `TGP-P${String(index).padStart(6, "0")}`;

export function kindOf(index: number): SubjectKind {
  const slot = index % 100;
  if (slot < 4) return "withdrawn";
  if (slot < 7) return "industry_declined";
  if (slot < 9) return "reconsent_paused";
  if (slot === 9) return "sample_destroyed";
  return "consented";
}

/** An index whose subject consents to everything (the one single-request benchmarks ask about). */
export const CONSENTING_INDEX = 12_345;

/** Yes to every use, findings wanted, email when contacted: what most participants choose. */
export function typicalChoices(): Record<string, string> {
  const content = seededFormContent("1.0");
  const preferred: Record<string, string> = { "recontact.channel": "email", "recontact.frequency": "as_needed" };
  return Object.fromEntries(offeredChoices(content).map((id) => [id, preferred[id] ?? (id.startsWith("findings.") ? "want" : "yes")]));
}

/** The consent each kind holds, as the change message carries it. */
export function consentVariants(): Record<SubjectKind, Consent> {
  const content = seededFormContent("1.0");
  const choices = typicalChoices();
  const base: Consent = {
    status: "active",
    formVersion: content.version,
    formVersionHash: "0".repeat(64),
    choices,
    permittedPurposes: content.permittedPurposes,
    withdrawalLevel: null,
    interimRule: null,
    consentedBy: "self",
  };
  return {
    consented: base,
    sample_destroyed: base,
    withdrawn: { ...base, status: "withdrawn", withdrawalLevel: "no_further_use" },
    industry_declined: { ...base, choices: { ...choices, "share.industry": "no" } },
    reconsent_paused: { ...base, status: "reconsent_required", interimRule: "pause_new_uses" },
  };
}

/** Subject n as the bridge holds it in memory. */
export function subjectRecord(index: number, variants: Record<SubjectKind, Consent>): SubjectRecord {
  const kind = kindOf(index);
  return {
    pseudonym: pseudonymOf(index),
    version: kind === "consented" ? 1 : 2,
    eventId: "00000000-0000-4000-8000-000000000000",
    globalSeq: String(index + 1),
    occurredAt: "2026-11-01T00:00:00.000Z",
    consent: variants[kind],
    samples: [{ code: sampleCode(index), destroyed: kind === "sample_destroyed" }],
  };
}
