import type { Transaction } from "../../db.server";
import type { ConsultationAudience } from "./consultation-model";
import { uuidPattern } from "../kernel/index";

export interface LockedConsultation {
  id: string;
  version: number;
  publishedAt: Date | null;
  opensAt: Date;
  closesAt: Date;
  audiences: ConsultationAudience[];
  allowsProxy: boolean;
}

/**
 * The consultation's row, locked for the rest of the transaction: a change to it and a response checked against its
 * window take turns (the close cannot pass between a response's check and its write). Undefined when there is none.
 */
export async function lockConsultation(tx: Transaction, consultationId: string, mode: "update" | "share" = "update"): Promise<LockedConsultation | undefined> {
  if (!uuidPattern.test(consultationId)) return undefined;
  const rows =
    mode === "update"
      ? await tx.$queryRaw<LockedConsultation[]>`
          SELECT "id", "version", "publishedAt", "opensAt", "closesAt", "audiences"::text[] AS "audiences", "allowsProxy"
          FROM "Consultation" WHERE "id" = ${consultationId}::uuid FOR UPDATE`
      : await tx.$queryRaw<LockedConsultation[]>`
          SELECT "id", "version", "publishedAt", "opensAt", "closesAt", "audiences"::text[] AS "audiences", "allowsProxy"
          FROM "Consultation" WHERE "id" = ${consultationId}::uuid FOR SHARE`;
  return rows[0];
}
