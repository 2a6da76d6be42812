import type { TextInLanguages } from "../applications/application-content";
import type { RegisterStatus } from "./register-status";
import type { PublishedResearchOutput } from "../applications/research-output";

/**
 * The public register of approved uses (issue 15 item 4; ADR 043): every approval of an approved application, with
 * what the data policy publishes — the recipient's institution and name as the chair recorded them, the title and lay
 * summaries the applicant submitted, the approved purposes, diseases, datasets and data kinds, the dates, the status
 * and the outputs reported. Nothing about participants: no counts, no matching results, no pseudonyms. An application
 * without an approval (a draft, one under review, rejected, withdrawn) is never read here.
 */
export interface RegisterEntry {
  reference: string;
  /** The institution as the applicant wrote it in each language; a language left empty holds the one the chair recorded. */
  institution: TextInLanguages;
  applicantName: string;
  /** The study's title in Japanese and English (やさしい日本語 optional); a page shows the reader's (`inLanguage`). */
  title: TextInLanguages;
  laySummary: { ja: string; en: string };
  purposes: { code: string; ja: string; en: string }[];
  diseases: { curie: string; name: string | null }[];
  commercial: boolean;
  datasets: string[];
  dataKinds: string[];
  recipientType: string;
  recipientCountry: string;
  decidedAt: Date;
  startsAt: Date;
  endsAt: Date;
  status: RegisterStatus;
  outputs: string;
  /** What came of the use, as the applicant recorded it (ADR 139), newest first. */
  researchOutputs: PublishedResearchOutput[];
  /**
   * The participant panel's flags that the purpose could stigmatise a group (ADR 139), in the members' words, without
   * their names, oldest first: public beside the approval they were raised about.
   */
  panelFlags: { reason: string; flaggedOn: string }[];
  /** When the approval last changed (a suspension, an extension, outputs reported): the feed's `updated`. */
  updatedAt: Date;
}

/** An entry as a page receives it from its loader: times as ISO strings, the lay summary apart (in one language). */
export type RegisterEntryView = Omit<RegisterEntry, "decidedAt" | "startsAt" | "endsAt" | "updatedAt" | "laySummary" | "researchOutputs"> & { decidedAt: string; startsAt: string; endsAt: string; updatedAt: string };
