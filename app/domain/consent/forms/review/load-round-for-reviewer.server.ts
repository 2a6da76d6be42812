import { getDatabase, type Database } from "../../../../db.server";
import type { SupportedLanguage } from "../../../../i18n/languages";
import { AppError } from "../../../kernel/index";
import { uuidPattern } from "../../../kernel/index";
import { loadFormVersion } from "../load-form-version.server";
import { authorColumnsOf, type Reviewer, type RoundForReviewer } from "./reviewer";

/**
 * One review round as a reviewer reads and comments on it — a panel member, or a patient through their invitation
 * (issue 28 item 6; ADR 061, ADR 064): the draft version's text
 * section by section and their own comments — never another reviewer's (each comments independently; the public
 * record shows them all once the version is published). A round of a version already published is not found here.
 */
export async function loadRoundForReviewer(input: { roundId: string; reviewer: Reviewer; language: SupportedLanguage }, db: Database = getDatabase()): Promise<RoundForReviewer> {
  if (!uuidPattern.test(input.roundId)) throw new AppError("not_found");
  const round = await db.documentReviewRound.findUnique({
    where: { id: input.roundId },
    select: { id: true, formVersionId: true, closedAt: true, comments: { where: authorColumnsOf(input.reviewer), orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!round) throw new AppError("not_found");
  const version = await loadFormVersion(round.formVersionId, db);
  if (version.status !== "draft") throw new AppError("not_found");
  const content = version.content.languages[input.language] ?? version.content.languages.ja;
  return {
    roundId: round.id,
    formVersionId: round.formVersionId,
    title: content.title,
    version: version.version,
    open: round.closedAt === null,
    sections: content.sections.map((section) => ({ id: section.id, heading: section.heading, paragraphs: section.paragraphs })),
    mine: round.comments.map((comment) => ({
      id: comment.id,
      sectionId: comment.sectionId,
      text: comment.text,
      showName: comment.showName,
      createdAt: comment.createdAt,
      answer: comment.answer,
      answerText: comment.answerText,
    })),
  };
}
