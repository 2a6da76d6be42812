import { findingsCategories, type FindingsCategory } from "@tsunagi/consent-rules/choice-catalogue";
import { trialUrl } from "@tsunagi/consent-rules/trial-registries";
import { decideAction, type ConsentView } from "@tsunagi/consent-rules/decide-action";
import type { Actionability, PrimaryFinding, ReportContent, SecondaryFinding, TrialMatch } from "./report-submission";

/**
 * What a participant (or their proxy) is shown of an analysis report (issue 57 items 2–3, ADR 137). Pure: the facts
 * come from the report's versions and the participant's consent as it stands at the read, so what the page shows and
 * what the pipeline gate answers for `return_secondary` cannot drift apart.
 *
 * - A version is seen only once its explanation is recorded; the participant sees the latest such version, and learns
 *   that a newer one waits for their care team only when they already hold an explained one (a report never explained
 *   is not mentioned at all).
 * - Secondary findings are shown in a category only while the consent rule allows `return_secondary` for it. For any
 *   other category the page says the same words whatever the report holds — never a count, never "none".
 * - The clinicians' PDF may hold any finding and is not read by the platform: it is offered only to someone shown
 *   every category, so whether it is offered depends on the person's choices and never on the report.
 */

/** The secondary categories the consent rule lets this person be told about now. */
export function secondaryCategoriesShown(consent: ConsentView | null): FindingsCategory[] {
  return findingsCategories.filter((category) => decideAction(consent, { action: "return_secondary", findingsCategory: category }).allowed);
}

export function clinicalPdfOffered(consent: ConsentView | null): boolean {
  return secondaryCategoriesShown(consent).length === findingsCategories.length;
}

export interface VersionFacts {
  version: number;
  explained: boolean;
}

/** The version the participant sees (the latest explained one), and whether a newer one waits to be explained. */
export function releasedVersionOf(versions: readonly VersionFacts[]): { released: number; amendmentPending: boolean } | null {
  const released = Math.max(0, ...versions.filter((version) => version.explained).map((version) => version.version));
  if (released === 0) return null;
  return { released, amendmentPending: versions.some((version) => version.version > released && !version.explained) };
}

export interface SecondarySection {
  category: FindingsCategory;
  /** False: the person chose not to be told (or has not decided); `findings` is then always empty. */
  shown: boolean;
  findings: SecondaryFinding[];
}

export interface TrialLink extends TrialMatch {
  url: string;
}

/** The participant's report, as the plain-language page, its PDF and the data download draw it. */
export interface PlainReport {
  area: ReportContent["area"];
  conclusion: ReportContent["conclusion"];
  expertPanelDate: string;
  /** Findings that change care now first, then the rest, each in the order the report gave them. */
  primaryFindings: PrimaryFinding[];
  /** What the findings mean for care now: each implication once, strongest first; empty when nothing changes care. */
  careNow: Exclude<Actionability, "none">[];
  secondary: SecondarySection[];
  /** A finding shown here may concern blood relatives: a germline primary finding, or a secondary finding shown. */
  concernsRelatives: boolean;
  /** Genes shown anywhere on the page, once each, for the glossary. */
  genes: string[];
  trials: TrialLink[];
}

const implicationOrder: readonly Exclude<Actionability, "none">[] = ["approved_therapy", "investigational_therapy", "diagnostic", "prognostic"];


export function plainReportOf(content: ReportContent, consent: ConsentView | null): PlainReport {
  const shown = new Set(secondaryCategoriesShown(consent));
  const primaryFindings = [...content.primaryFindings.filter((finding) => finding.actionability !== "none"), ...content.primaryFindings.filter((finding) => finding.actionability === "none")];
  const careNow = implicationOrder.filter((implication) => content.primaryFindings.some((finding) => finding.actionability === implication));
  const secondary = findingsCategories.map((category) => ({
    category,
    shown: shown.has(category),
    findings: shown.has(category) ? content.secondaryFindings.filter((finding) => finding.category === category) : [],
  }));
  const shownSecondary = secondary.flatMap((section) => section.findings);
  const genes = [...new Set([...primaryFindings.map((finding) => finding.gene), ...shownSecondary.map((finding) => finding.gene)])];
  return {
    area: content.area,
    conclusion: content.conclusion,
    expertPanelDate: content.expertPanelDate,
    primaryFindings,
    careNow,
    secondary,
    concernsRelatives: primaryFindings.some((finding) => finding.origin === "germline") || shownSecondary.length > 0,
    genes,
    // A study chosen for a gene shown nowhere on the page (a secondary finding the person chose not to know) would
    // tell what it was chosen for: it is left out with the finding.
    trials: content.trialMatches.filter((trial) => trial.gene === undefined || genes.includes(trial.gene)).map((trial) => ({ ...trial, url: trialUrl(trial.registry, trial.trialId) })),
  };
}

/** A released report as the personal-data download holds it: what the participant's own page shows, no more. */
export interface DisclosedReport {
  reportId: string;
  version: number;
  explainedOn: string;
  report: Omit<PlainReport, "genes" | "secondary"> & { secondaryFindings: PlainReport["secondary"][number]["findings"] };
}
