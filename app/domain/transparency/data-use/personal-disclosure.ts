import { aboutPerson, theReader, type SentenceSubject } from "../../../i18n/sentence-subject";
import type { FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import type { SupportedLanguage } from "../../../i18n/languages";
import type { ParticipantDataUse } from "./load-data-use.server";
import type { DisclosedReport } from "../../results/index";

/**
 * The shape of a personal-data disclosure (issue 16 item 3; ADR 047): what build-personal-disclosure reads and
 * render-disclosure-pdf prints, kept apart from both so neither imports the other's module.
 */

export const disclosureFormats = ["json", "pdf"] as const;
export type DisclosureFormat = (typeof disclosureFormats)[number];

export interface DisclosedFinding {
  category: FindingsCategory;
  gene: string;
  variant: string;
  classification: string;
  version: number;
  disclosedAt: string;
}

export interface DisclosureHistoryEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  method: string;
  /** Who made the record: the participant, a proxy, staff, the system (the ledger's actor role). */
  actorRole: string;
  formVersion: string | null;
  withdrawalLevel: string | null;
  signedBy: string | null;
  witness: string | null;
  choices: { id: string; title: string; value: string; label: string }[];
  verificationCode: string;
}

export interface AccessLogEntry {
  at: string;
  event: "record_opened" | "family_summary_read" | "disclosure_downloaded";
  by: "self" | "proxy" | "staff" | "family" | "unknown";
  role: string | null;
  facility: string | null;
  purpose: string | null;
  resource: string | null;
  familyMember: string | null;
  format: string | null;
}

export interface PersonalDisclosure {
  kind: "tsunagi-personal-disclosure";
  schemaVersion: 1;
  generatedAt: string;
  language: SupportedLanguage;
  requestedBy: "self" | "proxy";
  /** What the document leaves out and why, in the reader's language (the same sentences for everyone). */
  notes: { findings: string; pipeline: string };
  participant: { id: string; pseudonym: string; facility: { code: string; name: string }; programmeArea: string | null; enrolledAt: string };
  identity: {
    fullName: string | null;
    fullNameKana: string | null;
    dateOfBirth: string | null;
    email: string | null;
    phone: string | null;
    medicalRecordNumber: string | null;
    preferredLanguage: string;
    erasedAt: string | null;
  } | null;
  account: { email: string; displayName: string; preferredLanguage: string; createdAt: string } | null;
  proxies: { fullName: string; email: string; relationship: string; startedAt: string; endedAt: string | null }[];
  samples: { sampleCode: string; kind: string; registeredAt: string; destroyedAt: string | null }[];
  consent: {
    current: {
      status: string;
      withdrawalLevel: string | null;
      formVersion: string | null;
      consentedBy: string;
      updatedAt: string;
      choices: { id: string; title: string; value: string; label: string }[];
    } | null;
    history: DisclosureHistoryEntry[];
  };
  documents: { eventId: string; fileName: string; language: string; sha256: string; createdAt: string }[];
  paperScans: { eventId: string; fileName: string; contentType: string; sha256: string; createdAt: string }[];
  journeys: { startedAt: string; updatedAt: string; formVersion: string | null; method: string; language: string; status: string; sectionsRead: number }[];
  questions: { askedAt: string; question: string; answer: string | null; answeredAt: string | null }[];
  invitations: { recipient: string; email: string; sentAt: string; expiresAt: string; acceptedAt: string | null; revokedAt: string | null }[];
  family: {
    invitations: { fullName: string; email: string; relationship: string; scope: string; sentAt: string; acceptedAt: string | null; withdrawnAt: string | null }[];
    access: { fullName: string; relationship: string; scope: string; grantedAt: string; pausedAt: string | null; endedAt: string | null; lastViewedAt: string | null }[];
  };
  mail: { to: string; template: string; language: string; state: string; createdAt: string; sentAt: string | null }[];
  recontact: { campaign: string; kind: string; channel: string; claimedAt: string; sentAt: string | null; answer: string | null; answeredAt: string | null }[];
  findings: DisclosedFinding[];
  /** Analysis reports explained to the participant (ADR 137), filtered as their page is. */
  reports: DisclosedReport[];
  dataUse: ParticipantDataUse;
  accessLog: AccessLogEntry[];
}

/**
 * Whom the document's sentences are about (ADR 119): the participant reading their own, or — to a proxy — the
 * participant by name (by their code once the name is erased).
 */
export function disclosureSubject(requestedBy: "self" | "proxy", name: string | null, pseudonym: string): SentenceSubject {
  return requestedBy === "proxy" ? aboutPerson(name ?? pseudonym) : theReader;
}
