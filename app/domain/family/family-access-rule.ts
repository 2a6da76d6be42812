/**
 * What a family member may see of one participant now (issue 14, ADR 036): the one rule the family pages, the
 * updates audience and the participant's own "who can see what" view all ask. Pure: the access row in, a verdict
 * out. The row is read on every request, so a change by the participant is seen on the follower's next page.
 */
export const familyScopes = ["updates", "updates_and_summary"] as const;
export type FamilyScope = (typeof familyScopes)[number];

export const familyRelationships = ["spouse", "partner", "parent", "child", "sibling", "grandparent", "grandchild", "other_relative", "friend", "carer", "other"] as const;
export type FamilyRelationship = (typeof familyRelationships)[number];

/** What a follower can be shown. Findings, results, samples and identity documents are never on this list. */
export type FamilyView = "updates" | "summary";

export interface FamilyAccessFacts {
  scope: FamilyScope;
  pausedAt: Date | string | null;
  endedAt: Date | string | null;
}

export type FamilyVerdict = "allowed" | "ended" | "paused" | "not_shared";

export function familyMaySee(access: FamilyAccessFacts | null, view: FamilyView): FamilyVerdict {
  if (!access || access.endedAt) return "ended";
  if (access.pausedAt) return "paused";
  if (view === "summary" && access.scope !== "updates_and_summary") return "not_shared";
  return "allowed";
}

/** The scopes' order, narrowest first: "narrowing" moves left. */
export function isNarrowerScope(next: FamilyScope, current: FamilyScope): boolean {
  return familyScopes.indexOf(next) < familyScopes.indexOf(current);
}

/** Which views a scope opens, for the participant's "who can see what" table: derived from the rule, not restated. */
export function viewsOfScope(scope: FamilyScope): FamilyView[] {
  return (["updates", "summary"] as const).filter((view) => familyMaySee({ scope, pausedAt: null, endedAt: null }, view) === "allowed");
}
