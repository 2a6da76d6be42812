import { getDatabase, type Database } from "../../db.server";
import { roles } from "../authz";
import { accountCapacity, type ConsultationAudience } from "./consultation-model";

export interface ConsultationReach {
  /** Accounts asked in one of their capacities (participants and, where allowed, proxies; families; the panel). */
  accounts: number;
  /** Also asked of the public: anyone, with no account. */
  public: boolean;
}

/**
 * How many accounts a consultation asks if published now (issue 29 item 6: the person who publishes confirms the
 * count). An account is asked when one of its roles gives it a capacity the consultation asks — the same rule that
 * decides who may answer (`accountCapacity`), applied to each role the programme has, so the two cannot drift apart.
 * Disabled accounts are not counted.
 */
export async function countConsultationAudience(
  consultation: { audiences: readonly ConsultationAudience[]; allowsProxy: boolean },
  db: Database = getDatabase(),
): Promise<ConsultationReach> {
  const asked = roles.filter((role) => accountCapacity([role], consultation) !== undefined);
  const accounts = asked.length === 0 ? 0 : await db.user.count({ where: { disabledAt: null, OR: [{ role: { in: asked } }, { additionalRoles: { hasSome: asked } }] } });
  return { accounts, public: consultation.audiences.includes("public") };
}
