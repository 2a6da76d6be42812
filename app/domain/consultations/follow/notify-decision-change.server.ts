import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { fromStoredLanguage } from "../../../i18n/languages";
import { enqueueMail, frequenciesOf, itemIn, queueDigestItem, type DigestItemContent } from "../../mail/index.server";
import type { LocalizedText } from "../consultation-model";
import { followPath } from "./follow-decision.server";

const batchSize = 200;

/**
 * The `consultations.decision-changed` job (issue 59 item 2; ADR 147): a decision about what people said moved, and
 * those who asked to hear are told, once each, in their language: everyone who answered its consultation with an
 * account, as their settings say (at once, in the weekly digest, or never), and everyone following it by mail who
 * confirmed. An address that belongs to an account that answered is told as that account, never twice. Only while the
 * decision is public (its consultation's report is published); before that the report's own notice carries it.
 *
 * Source keys `decision-change:<change>:<user>` and `…:follower:<follower>` make a retried job queue only what it had
 * not; each mail asks again when it leaves (the holder's setting, the follow still confirmed).
 */
export async function notifyDecisionChange(input: { changeId: string }, db: Database = getDatabase()): Promise<{ mailed: number; digested: number }> {
  const change = await db.consultationDecisionChange.findUnique({
    where: { id: input.changeId },
    select: {
      id: true,
      state: true,
      changedAt: true,
      decision: { select: { id: true, text: true, consultation: { select: { id: true, title: true, reportVersions: { where: { status: "published" }, select: { version: true }, take: 1 } } } } },
    },
  });
  if (!change || change.decision.consultation.reportVersions.length === 0) return { mailed: 0, digested: 0 };
  const consultation = change.decision.consultation;
  const content: DigestItemContent = {
    kind: "decision",
    consultationTitle: consultation.title as unknown as LocalizedText,
    decision: change.decision.text as unknown as LocalizedText,
    state: change.state,
    path: `/consultations/${consultation.id}/report`,
  };

  let mailed = 0;
  let digested = 0;
  const accountAddresses = new Set<string>();
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const responders = await db.$queryRaw<{ userId: string; email: string; language: "ja" | "ja_easy" | "en" }[]>`
      SELECT DISTINCT u."id"::text AS "userId", u."email", u."preferredLanguage"::text AS "language"
        FROM "ConsultationResponse" r
        JOIN "User" u ON u."id" = r."userId"
       WHERE r."consultationId" = ${consultation.id}::uuid AND r."withdrawnAt" IS NULL AND u."disabledAt" IS NULL AND u."id" > ${after}::uuid
       ORDER BY "userId"
       LIMIT ${batchSize}`;
    if (responders.length === 0) break;
    after = responders.at(-1)!.userId;
    for (const responder of responders) accountAddresses.add(responder.email.toLowerCase());
    const counted = await db.$transaction(
      async (tx) => {
        const frequencies = await frequenciesOf(
          responders.map((responder) => responder.userId),
          "decision_changes",
          tx,
        );
        const inBatch = { mailed: 0, digested: 0 };
        for (const responder of responders) {
          const sourceKey = `decision-change:${change.id}:${responder.userId}`;
          const frequency = frequencies.get(responder.userId);
          if (frequency === "weekly") {
            if (await queueDigestItem(tx, { userId: responder.userId, kind: "decision_changes", sourceKey, content, now: change.changedAt })) inBatch.digested += 1;
          } else if (frequency === "at_once") {
            const language = fromStoredLanguage(responder.language);
            const id = await enqueueMail(
              { to: responder.email, language, template: "what-moved", props: { digest: false, items: [itemIn(content, language)] }, userId: responder.userId, sourceKey, contactCheck: { kind: "notification", userId: responder.userId, kinds: ["decision_changes"] } },
              tx,
            );
            if (id) inBatch.mailed += 1;
          }
        }
        return inBatch;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    mailed += counted.mailed;
    digested += counted.digested;
    if (responders.length < batchSize) break;
  }

  const appUrl = getEnv().APP_URL;
  let afterFollower = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const followers = await db.decisionFollower.findMany({
      where: { decisionId: change.decision.id, confirmedAt: { not: null }, stoppedAt: null, id: { gt: afterFollower } },
      select: { id: true, email: true, language: true, requestedAt: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (followers.length === 0) break;
    afterFollower = followers.at(-1)!.id;
    mailed += await db.$transaction(async (tx) => {
      let inBatch = 0;
      for (const follower of followers.filter((candidate) => !accountAddresses.has(candidate.email.toLowerCase()))) {
        const language = fromStoredLanguage(follower.language);
        const id = await enqueueMail(
          {
            to: follower.email,
            language,
            template: "what-moved",
            props: { digest: false, items: [itemIn(content, language)], stopUrl: new URL(followPath(follower), appUrl).toString() },
            sourceKey: `decision-change:${change.id}:follower:${follower.id}`,
            contactCheck: { kind: "decision_follow", followerId: follower.id },
          },
          tx,
        );
        if (id) inBatch += 1;
      }
      return inBatch;
    });
    if (followers.length < batchSize) break;
  }
  return { mailed, digested };
}
