/**
 * The kinds of "something waits for you" a device may be told about by Web Push (issue 32 item 5; ADR 110), and which
 * queued mail each prompt goes with. A push rides on a mail message: the mail stays the notice of record (and the
 * fallback when no device hears), the push only says that something waits and where — never what.
 */
export const pushKinds = ["reconsent", "care_team", "answers", "consultation", "updates"] as const;
export type PushKind = (typeof pushKinds)[number];

export function isPushKind(value: string): value is PushKind {
  return (pushKinds as readonly string[]).includes(value);
}

/** Where a prompt of each kind opens: a page of the app, never one that names what waits (the page decides what to show). */
export const pushPaths: Record<PushKind, string> = {
  reconsent: "/consent",
  care_team: "/consent",
  answers: "/consent/questions",
  consultation: "/consultations",
  updates: "/updates",
};

/**
 * Which prompt, if any, a queued mail carries: a consent notice asking for a decision (a new form version), the care
 * team wanting to talk (a finding to decide about, an appointment), an answer to the participant's question, a
 * consultation's report, the digest of updates the reader follows. Sign-in links, security notices, invitations and
 * recontact messages get none: they are for the mailbox alone, or their contact is governed by its own caps.
 */
export function pushKindOfMail(template: string, props: unknown): PushKind | null {
  const kind = (props as { kind?: unknown } | null)?.kind;
  switch (template) {
    case "consent-notice":
      if (kind === "reconsent_required" || kind === "reconsent_reminder") return "reconsent";
      if (kind === "care_team_result" || kind === "care_team_choice") return "care_team";
      if (kind === "question_answered") return "answers";
      return null;
    case "consultation-report":
    case "what-moved":
      return "consultation";
    case "updates-digest":
      return "updates";
    default:
      return null;
  }
}
