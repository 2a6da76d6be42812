import { decideAction } from "@tsunagi/consent-rules/decide-action";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { z } from "zod";
import { getDatabase, type Database } from "../../db.server";
import { Prisma } from "../../generated/prisma/client";
import { getEnv } from "../../env.server";
import { translator } from "../../i18n/i18n";
import { fromStoredLanguage } from "../../i18n/languages";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import { consentViewOfRow } from "../consent";
import { uuidPattern } from "../kernel/index";
import { recontactTopicOf, type RecontactCampaignKind } from "./audience-verdict";
import { recontactLetterLabels, renderRecontactLetters, type RecontactLetter } from "./render-recontact-letters.server";
import { newResponseToken } from "./response-token.server";

/** Letters in one print: a clinic's printer run, and a PDF a browser downloads in seconds. The rest wait for the next. */
export const LETTERS_PER_PRINT = 500;

export const PrintLettersSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("print_letters") }),
  z.object({ intent: z.literal("reprint_letters"), batchId: z.string().trim().regex(uuidPattern) }),
]);

export interface PrintRecontactLettersOptions {
  campaignId: string;
  /** Print an earlier batch again: new links for its letters not yet answered; the earlier print's links stop working. */
  batchId?: string;
  actorUserId: string;
  request?: { ipAddress?: string | null; userAgent?: string | null };
  now?: Date;
  limit?: number;
}

export interface PrintedLetters {
  /** Null when every letter was withheld: nothing to print, and the withholding is recorded. */
  pdf: Uint8Array<ArrayBuffer> | null;
  fileName: string;
  batchId: string;
  seq: number;
  letters: number;
  withheld: number;
}

interface LetterRow {
  deliveryId: string;
  pseudonym: string;
  facilityCode: string;
  preferredLanguage: string | null;
  erasedAt: Date | null;
  status: ConsentStatus | null;
  choices: ChoiceSnapshot | null;
  permittedPurposes: string[] | null;
  withdrawalLevel: WithdrawalLevel | null;
  interimRule: string | null;
  lifeEvent: unknown;
}

/**
 * Prints a campaign's letters (the `post` channel; ADR 035). A letter's answer link is made here, at printing, and
 * exists in clear only in the PDF this returns: the database keeps its hash, never the link, and never the PDF.
 * Each letter is asked of the consent rule again (decideAction's `recontact` answer for the campaign's topic) as it
 * stands at printing; one it no longer allows is withheld — not printed, and not printed later either.
 *
 * A first print takes up to `LETTERS_PER_PRINT` letters not yet printed, sorted by clinic and pseudonym, as batch
 * n+1. Printing a batch again (the PDF was lost, the printer jammed) makes new links for its letters not yet
 * answered, so a letter from the earlier print can no longer be used; letters whose consent changed since are
 * withheld then. One transaction under the campaign's row lock: two prints at once never print a letter twice, and a
 * render that fails leaves nothing changed.
 */
export async function printRecontactLetters(options: PrintRecontactLettersOptions, db: Database = getDatabase()): Promise<PrintedLetters> {
  if (!uuidPattern.test(options.campaignId)) throw new AppError("not_found");
  if (options.batchId !== undefined && !uuidPattern.test(options.batchId)) throw new AppError("not_found");
  const limit = options.limit ?? LETTERS_PER_PRINT;
  return db.$transaction(
    async (tx) => {
      const [campaign] = await tx.$queryRaw<{ kind: RecontactCampaignKind; state: string; messageJa: string; messageJaEasy: string; messageEn: string }[]>`
        SELECT "kind"::text AS "kind", "state"::text AS "state", "messageJa", "messageJaEasy", "messageEn"
          FROM "RecontactCampaign" WHERE "id" = ${options.campaignId}::uuid FOR UPDATE`;
      if (!campaign) throw new AppError("not_found");
      if (campaign.state === "draft") throw new AppError("campaign_not_sent");
      const now = options.now ?? new Date();

      const earlier = options.batchId
        ? await tx.recontactLetterBatch.findFirst({ where: { id: options.batchId, campaignId: options.campaignId } })
        : null;
      if (options.batchId && !earlier) throw new AppError("not_found");
      const rows = await tx.$queryRaw<LetterRow[]>`
        SELECT d."id"::text AS "deliveryId", p."pseudonym", fac."code" AS "facilityCode",
               i."preferredLanguage"::text AS "preferredLanguage", i."erasedAt",
               cs."status"::text AS "status", cs."choices", cs."permittedPurposes", cs."withdrawalLevel"::text AS "withdrawalLevel", cs."interimRule", cs."lifeEvent"
          FROM "RecontactDelivery" d
          JOIN "Participant" p ON p."id" = d."participantId"
          JOIN "Facility" fac ON fac."id" = p."facilityId"
          LEFT JOIN "ParticipantIdentity" i ON i."participantId" = d."participantId"
          LEFT JOIN "ConsentState" cs ON cs."participantId" = d."participantId"
         WHERE d."campaignId" = ${options.campaignId}::uuid
           AND d."channel" = 'post' AND d."withheldAt" IS NULL AND d."tokenUsedAt" IS NULL
           AND ${earlier ? Prisma.sql`d."letterBatchId" = ${earlier.id}::uuid` : Prisma.sql`d."letterBatchId" IS NULL`}
         ORDER BY fac."code", p."pseudonym"
         LIMIT ${limit}`;
      if (rows.length === 0) throw new AppError("no_letters_to_print");

      const allowed: LetterRow[] = [];
      const withheld: string[] = [];
      for (const row of rows) {
        const stillAllowed = row.erasedAt === null && decideAction(consentViewOfRow(row), { action: "recontact", recontactTopic: recontactTopicOf(campaign.kind) }).allowed;
        if (stillAllowed) allowed.push(row);
        else withheld.push(row.deliveryId);
      }

      const batch = earlier
        ? await tx.recontactLetterBatch.update({
            where: { id: earlier.id },
            data: { reprints: { increment: 1 }, letters: allowed.length, withheld: { increment: withheld.length } },
          })
        : await tx.recontactLetterBatch.create({
            data: {
              campaignId: options.campaignId,
              seq: ((await tx.recontactLetterBatch.aggregate({ where: { campaignId: options.campaignId }, _max: { seq: true } }))._max.seq ?? 0) + 1,
              printedById: options.actorUserId,
              printedAt: now,
              letters: allowed.length,
              withheld: withheld.length,
            },
          });

      if (withheld.length > 0) {
        await tx.$executeRaw`UPDATE "RecontactDelivery" SET "withheldAt" = ${now} WHERE "id" = ANY(${withheld}::uuid[]) AND "tokenUsedAt" IS NULL`;
      }
      const tokens = new Map<string, string>();
      if (allowed.length > 0) {
        const hashes: Buffer[] = [];
        for (const row of allowed) {
          const { token, hash } = newResponseToken();
          tokens.set(row.deliveryId, token);
          hashes.push(Buffer.from(hash));
        }
        // A link answered a moment ago (tokenUsedAt set) keeps its answer and is not printed again.
        const updated = await tx.$queryRaw<{ id: string }[]>`
          UPDATE "RecontactDelivery" d SET "responseTokenHash" = issued."hash", "letterBatchId" = ${batch.id}::uuid, "sentAt" = ${now}
            FROM unnest(${allowed.map((row) => row.deliveryId)}::uuid[], ${hashes}::bytea[]) AS issued("id", "hash")
           WHERE d."id" = issued."id" AND d."tokenUsedAt" IS NULL
          RETURNING d."id"::text AS "id"`;
        const printed = new Set(updated.map((row) => row.id));
        for (const id of tokens.keys()) if (!printed.has(id)) tokens.delete(id);
      }

      const appUrl = getEnv().APP_URL;
      const messageIn = { ja: campaign.messageJa, "ja-easy": campaign.messageJaEasy, en: campaign.messageEn };
      const letters: RecontactLetter[] = allowed
        .filter((row) => tokens.has(row.deliveryId))
        .map((row) => {
          const language = fromStoredLanguage((row.preferredLanguage ?? "ja") as Parameters<typeof fromStoredLanguage>[0]);
          const t = translator(language, "recontact");
          return {
            language,
            message: messageIn[language],
            link: new URL(`/recontact/respond/${tokens.get(row.deliveryId)!}`, appUrl).toString(),
            reference: `${row.facilityCode} · ${row.pseudonym} · ${batch.seq}`,
            labels: Object.fromEntries(recontactLetterLabels.map((key) => [key, t(`letter.${key}`)])) as RecontactLetter["labels"],
          };
        });
      if (letters.length !== batch.letters) await tx.recontactLetterBatch.update({ where: { id: batch.id }, data: { letters: letters.length } });
      await recordAuditEvent(
        tx,
        {
          type: "recontact_letters.printed",
          outcome: "success",
          detail: { campaignId: options.campaignId, batchId: batch.id, seq: batch.seq, reprint: earlier !== null, letters: letters.length, withheld: withheld.length },
        },
        { actorUserId: options.actorUserId, ipAddress: options.request?.ipAddress, userAgent: options.request?.userAgent },
      );
      // Rendered before the commit: a render that fails leaves no link made and no letter marked printed.
      const pdf = letters.length > 0 ? await renderRecontactLetters(letters, { createdAt: now }) : null;
      return {
        pdf,
        fileName: `recontact-letters-${options.campaignId.slice(0, 8)}-${batch.seq}${earlier ? `-reprint-${batch.reprints}` : ""}.pdf`,
        batchId: batch.id,
        seq: batch.seq,
        letters: letters.length,
        withheld: withheld.length,
      };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
