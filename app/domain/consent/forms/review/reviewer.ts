/**
 * Who comments in a review round (ADR 061, ADR 064): a panel member by their account, or a patient outside the panel
 * by the invitation that is their access to that one round.
 */
export type Reviewer = { userId: string } | { invitationId: string };

/** The comment columns that name the reviewer: exactly one is set (a CHECK in the database holds it too). */
export function authorColumnsOf(reviewer: Reviewer): { authorUserId: string | null; invitationId: string | null } {
  return "userId" in reviewer ? { authorUserId: reviewer.userId, invitationId: null } : { authorUserId: null, invitationId: reviewer.invitationId };
}

/** One review round as a reviewer reads it (loadRoundForReviewer): the page is the same for both ways in. */
export interface RoundForReviewer {
  roundId: string;
  formVersionId: string;
  title: string;
  version: string;
  open: boolean;
  /** The draft's sections in the reader's language: what a comment is about. */
  sections: { id: string; heading: string; paragraphs: string[] }[];
  /** This reviewer's own comments, with the answers given so far. */
  mine: { id: string; sectionId: string | null; text: string; showName: boolean; createdAt: Date; answer: string | null; answerText: string | null }[];
}
