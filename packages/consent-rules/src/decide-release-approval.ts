import type { ApprovalScope } from "./approval-change-message";
import type { Recipient } from "./choice-catalogue";
import { duoAbbreviation } from "./match-data-use";

/**
 * Why the bridge refuses a release on account of its data-access approval (issue 15 item 5; ADR 041). Each is
 * distinct, so the release tooling and an auditor can tell them apart.
 */
export const releaseApprovalDenials = [
  /** A recipient other than `public` and no approval named. */
  "approval_required",
  /** The bridge holds no approval of that id (never granted, or its message has not arrived). */
  "approval_unknown",
  /** A message about the approval is parked (a kind or major this bridge cannot read): it may have been revoked. */
  "approval_message_parked",
  "approval_revoked",
  "approval_suspended",
  /** Before `startsAt`. */
  "approval_not_yet_active",
  /** At or after `endsAt`: by time alone, nobody acting. */
  "approval_expired",
  /** The dataset is not one the approval names. */
  "approval_dataset_not_covered",
  /** The release's recipient (type, country, or institution where named) is not the approval's. */
  "approval_recipient_not_covered",
  /** The release's purpose is not one the approval names. */
  "approval_purpose_not_covered",
] as const;
export type ReleaseApprovalDenial = (typeof releaseApprovalDenials)[number];

export type ReleaseApprovalDecision = { allowed: true } | { allowed: false; reason: ReleaseApprovalDenial };

/** What the bridge holds about an approval: its scope, or that a message about it is parked. */
export type HeldApproval = { parked: true } | { parked: false; scope: ApprovalScope };

export interface ReleaseUnderApproval {
  dataset: string;
  recipient: Recipient;
  /** A DUO id (`DUO:0000006`). */
  purpose: string;
  /** The approval the release names; absent when it names none. */
  approvalId?: string;
  /** The receiving institution, when the release names it. */
  recipientInstitution?: string;
}

/** Japan: the programme's country. A recipient elsewhere receives as `international`. */
const HOME_COUNTRY = "JP";

/**
 * The release recipients an approval covers. In Japan, academia and public bodies receive as `academia` and a company
 * as `industry`; abroad, any body receives as `international` (the consent choice for sharing abroad). `public` needs
 * no approval and none covers it.
 */
export function recipientsCoveredBy(scope: Pick<ApprovalScope, "recipientType" | "recipientCountry">): Recipient[] {
  if (scope.recipientCountry !== HOME_COUNTRY) return ["international"];
  if (scope.recipientType === "industry") return ["industry"];
  if (scope.recipientType === "academia" || scope.recipientType === "public_body") return ["academia"];
  return [];
}

/** Institution names compared as people type them: NFKC, case folded, spaces collapsed. */
export function sameInstitution(a: string, b: string): boolean {
  const normal = (value: string) => value.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
  return normal(a) === normal(b);
}

/**
 * May this release go ahead under the approval it names, at `now`? Pure: the bridge calls it with what it holds.
 * `public` releases need no approval (the public-database embargo governs them); every other recipient needs one
 * that is known, readable, neither revoked nor suspended, within its dates, and whose dataset, recipient and purpose
 * cover the release. Fail closed: anything not positively covered denies. A purpose must be one the approval names,
 * exactly (a GRU approval does not stretch to an HMB release, or the reverse): the committee approved those words.
 */
export function decideReleaseApproval(held: HeldApproval | undefined, release: ReleaseUnderApproval, now: number): ReleaseApprovalDecision {
  if (release.recipient === "public" && release.approvalId === undefined) return { allowed: true };
  if (release.approvalId === undefined) return deny("approval_required");
  const inForce = decideApprovalInForce(held, now);
  if (!inForce.allowed) return inForce;
  const scope = (held as Extract<HeldApproval, { parked: false }>).scope;
  if (!scope.datasets.includes(release.dataset)) return deny("approval_dataset_not_covered");
  if (!recipientsCoveredBy(scope).includes(release.recipient)) return deny("approval_recipient_not_covered");
  if (release.recipientInstitution !== undefined && !sameInstitution(release.recipientInstitution, scope.recipientInstitution)) return deny("approval_recipient_not_covered");
  const asked = duoAbbreviation(release.purpose);
  if (!scope.purposeCodes.some((code) => duoAbbreviation(code) === asked)) return deny("approval_purpose_not_covered");
  return { allowed: true };
}

/** The denials that concern the approval alone, whatever it is asked to cover. */
export type ApprovalInForceDenial = Extract<ReleaseApprovalDenial, "approval_unknown" | "approval_message_parked" | "approval_revoked" | "approval_suspended" | "approval_not_yet_active" | "approval_expired">;

/**
 * Is the approval in force at `now`: known, readable, neither revoked nor suspended, within its dates? What a release
 * checks first, and all a study's invitation question needs of it (ADR 138).
 */
export function decideApprovalInForce(held: HeldApproval | undefined, now: number): { allowed: true } | { allowed: false; reason: ApprovalInForceDenial } {
  if (!held) return { allowed: false, reason: "approval_unknown" };
  if (held.parked) return { allowed: false, reason: "approval_message_parked" };
  const scope = held.scope;
  if (scope.status === "suspended") return { allowed: false, reason: "approval_suspended" };
  if (scope.status !== "active") return { allowed: false, reason: "approval_revoked" };
  if (!(now >= Date.parse(scope.startsAt))) return { allowed: false, reason: "approval_not_yet_active" };
  if (!(now < Date.parse(scope.endsAt))) return { allowed: false, reason: "approval_expired" };
  return { allowed: true };
}

function deny(reason: ReleaseApprovalDenial): ReleaseApprovalDecision {
  return { allowed: false, reason };
}
