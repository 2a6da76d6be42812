import { getDatabase, type Database } from "../../../../db.server";
import type { SupportedLanguage } from "../../../../i18n/languages";
import { loadFormVersion } from "../load-form-version.server";

export interface OpenReviewRound {
  roundId: string;
  formVersionId: string;
  title: string;
  version: string;
  openedAt: Date;
  /** How many comments this reviewer has made in it. */
  mine: number;
}

/** The review rounds open now, for the participant panel to comment in (issue 28 item 6; ADR 061), oldest first. */
export async function listOpenReviewRounds(input: { reviewerUserId: string; language: SupportedLanguage }, db: Database = getDatabase()): Promise<OpenReviewRound[]> {
  const rounds = await db.documentReviewRound.findMany({
    where: { closedAt: null },
    orderBy: [{ openedAt: "asc" }, { id: "asc" }],
    select: { id: true, formVersionId: true, openedAt: true, _count: { select: { comments: { where: { authorUserId: input.reviewerUserId } } } } },
  });
  return Promise.all(
    rounds.map(async (round) => {
      const version = await loadFormVersion(round.formVersionId, db);
      return {
        roundId: round.id,
        formVersionId: round.formVersionId,
        title: (version.content.languages[input.language] ?? version.content.languages.ja).title,
        version: version.version,
        openedAt: round.openedAt,
        mine: round._count.comments,
      };
    }),
  );
}
