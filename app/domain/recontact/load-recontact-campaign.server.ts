import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import type { RecontactCampaignKind } from "./audience-verdict";
import type { CampaignAudienceCounts } from "./campaign-audience.server";
import { previewCampaignAudience } from "./preview-campaign-audience.server";
import { showCount, type ShownCount } from "./small-count";


import type { RecontactAnswer } from "./recontact-answers";
import { uuidPattern } from "../kernel/index";

export interface CampaignResults {
  /** Deliveries decided when the campaign was sent. */
  recipients: ShownCount;
  /** Handed to the dispatch seam with a response link. */
  sent: ShownCount;
  /** E-mails the mail server accepted, and those it refused or that failed for good (the mail delivery log). */
  delivered: ShownCount;
  bounced: ShownCount;
  /** Not sent after all: at sending (an e-mail) or printing (a letter), consent no longer allowed the contact. */
  withheld: ShownCount;
  responses: Record<RecontactAnswer, ShownCount>;
  unanswered: ShownCount;
}

export interface CampaignView {
  id: string;
  kind: RecontactCampaignKind;
  title: string;
  messages: { ja: string; "ja-easy": string; en: string };
  filters: { facilities: { id: string; nameJa: string; nameEn: string }[]; programmeArea: "cancer" | "rare_disease" | null; enrolmentAgeMin: number | null; enrolmentAgeMax: number | null };
  state: "draft" | "sending" | "sent";
  createdAt: Date;
  sentAt: Date | null;
  /** A draft's audience if it were sent now; only for those who see exact counts. */
  preview: CampaignAudienceCounts | null;
  /** Once sent. */
  results: CampaignResults | null;
  /** The `post` channel, once the audience is claimed: letters still to print, and each batch printed. */
  letters: CampaignLetters | null;
}

export interface CampaignLetters {
  /** Letters waiting to be printed (never shown as "<10": only those who print them see this). */
  waiting: number;
  batches: { id: string; seq: number; printedAt: Date; letters: number; withheld: number; reprints: number }[];
}

/**
 * One campaign as staff see it: a draft with its audience preview, or a sent campaign with its results. Counts under
 * 10 are shown exactly only to those who run campaigns (`seesExactCounts`); everyone else gets "<10" (showCount).
 */
export async function loadRecontactCampaign(options: { campaignId: string; seesExactCounts: boolean; now?: Date }, db: Database = getDatabase()): Promise<CampaignView> {
  if (!uuidPattern.test(options.campaignId)) throw new AppError("not_found");
  const campaign = await db.recontactCampaign.findUnique({ where: { id: options.campaignId } });
  if (!campaign) throw new AppError("not_found");
  const facilities = campaign.facilityIds.length
    ? await db.facility.findMany({ where: { id: { in: campaign.facilityIds } }, select: { id: true, nameJa: true, nameEn: true }, orderBy: { code: "asc" } })
    : [];
  const view: CampaignView = {
    id: campaign.id,
    kind: campaign.kind,
    title: campaign.title,
    messages: { ja: campaign.messageJa, "ja-easy": campaign.messageJaEasy, en: campaign.messageEn },
    filters: { facilities, programmeArea: campaign.programmeArea, enrolmentAgeMin: campaign.enrolmentAgeMin, enrolmentAgeMax: campaign.enrolmentAgeMax },
    state: campaign.state,
    createdAt: campaign.createdAt,
    sentAt: campaign.sentAt,
    preview: null,
    results: null,
    letters: null,
  };
  if (campaign.state === "draft") {
    // The audience before sending is for those who send (it is exact, and moves with every consent change).
    if (options.seesExactCounts) view.preview = await previewCampaignAudience({ campaignId: campaign.id, now: options.now }, db);
    return view;
  }
  // Delivered and bounced come from the mail delivery log: each e-mailed delivery's message has the key
  // `recontact:<delivery id>` (dispatch-campaign-deliveries.server.ts).
  const rows = await db.$queryRaw<
    { recipients: number; sent: number; delivered: number; bounced: number; withheld: number; waiting: number; interested: number; not_interested: number; stop_contacting: number }[]
  >`
    SELECT count(*)::int AS "recipients",
           count(*) FILTER (WHERE d."responseTokenHash" IS NOT NULL)::int AS "sent",
           count(m."id") FILTER (WHERE m."state" = 'sent')::int AS "delivered",
           count(m."id") FILTER (WHERE m."state" IN ('bounced', 'failed'))::int AS "bounced",
           count(*) FILTER (WHERE d."withheldAt" IS NOT NULL OR m."state" = 'withheld')::int AS "withheld",
           count(*) FILTER (WHERE d."channel" = 'post' AND d."letterBatchId" IS NULL AND d."withheldAt" IS NULL)::int AS "waiting",
           count(*) FILTER (WHERE d."answer" = 'interested')::int AS "interested",
           count(*) FILTER (WHERE d."answer" = 'not_interested')::int AS "not_interested",
           count(*) FILTER (WHERE d."answer" = 'stop_contacting')::int AS "stop_contacting"
      FROM "RecontactDelivery" d
      LEFT JOIN "MailMessage" m ON m."sourceKey" = 'recontact:' || d."id"
     WHERE d."campaignId" = ${campaign.id}::uuid`;
  const counts = rows[0]!;
  const shown = (count: number) => showCount(count, { seesExactCounts: options.seesExactCounts });
  const answered = counts.interested + counts.not_interested + counts.stop_contacting;
  view.results = {
    recipients: shown(counts.recipients),
    sent: shown(counts.sent),
    delivered: shown(counts.delivered),
    bounced: shown(counts.bounced),
    withheld: shown(counts.withheld),
    responses: { interested: shown(counts.interested), not_interested: shown(counts.not_interested), stop_contacting: shown(counts.stop_contacting) },
    unanswered: shown(counts.sent - answered),
  };
  // Letters are printed by those who run campaigns; the others see the results above and nothing of the batches.
  if (options.seesExactCounts) {
    const batches = await db.recontactLetterBatch.findMany({
      where: { campaignId: campaign.id },
      orderBy: { seq: "asc" },
      select: { id: true, seq: true, printedAt: true, letters: true, withheld: true, reprints: true },
    });
    if (counts.waiting > 0 || batches.length > 0) view.letters = { waiting: counts.waiting, batches };
  }
  return view;
}
