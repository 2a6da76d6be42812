import { getDatabase, type Database } from "../../db.server";
import type { RecontactCampaignKind } from "./audience-verdict";

export interface CampaignListItem {
  id: string;
  kind: RecontactCampaignKind;
  title: string;
  state: "draft" | "sending" | "sent";
  createdAt: Date;
  sentAt: Date | null;
  recipients: number;
}

/** Every campaign, newest first, with how many deliveries each claimed (0 for a draft). */
export async function listRecontactCampaigns(db: Database = getDatabase()): Promise<CampaignListItem[]> {
  const campaigns = await db.recontactCampaign.findMany({
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, kind: true, title: true, state: true, createdAt: true, sentAt: true, _count: { select: { deliveries: true } } },
  });
  return campaigns.map(({ _count, ...campaign }) => ({ ...campaign, recipients: _count.deliveries }));
}
