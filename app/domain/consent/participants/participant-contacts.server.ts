import type { Database, Transaction } from "../../../db.server";
import { fromStoredLanguage, type SupportedLanguage } from "../../../i18n/languages";

export interface ParticipantContact {
  userId: string | null;
  email: string;
  name: string;
  language: SupportedLanguage;
  as: "participant" | "proxy";
  /** For a proxy, the name of the participant they act for: what they are told about is that person's (ADR 119). */
  about: string | null;
}

/**
 * Who hears about a participant's consent: their own account, and every proxy whose authority has not ended.
 * A child without an account of their own is reached only through the proxy.
 */
export async function participantContacts(participantId: string, db: Database | Transaction): Promise<ParticipantContact[]> {
  const participant = await db.participant.findUnique({
    where: { id: participantId },
    include: { proxies: { where: { endedAt: null } }, identity: { select: { fullName: true } } },
  });
  if (!participant) return [];
  const contacts: ParticipantContact[] = [];
  if (participant.userId) {
    const user = await db.user.findUnique({ where: { id: participant.userId } });
    if (user && !user.disabledAt) contacts.push({ userId: user.id, email: user.email, name: user.displayName, language: fromStoredLanguage(user.preferredLanguage), as: "participant", about: null });
  }
  for (const proxy of participant.proxies) {
    const user = proxy.proxyUserId ? await db.user.findUnique({ where: { id: proxy.proxyUserId } }) : null;
    contacts.push({
      userId: user?.id ?? null,
      email: user?.email ?? proxy.email,
      name: user?.displayName ?? proxy.fullName,
      language: user ? fromStoredLanguage(user.preferredLanguage) : "ja",
      as: "proxy",
      about: participant.identity?.fullName ?? null,
    });
  }
  return contacts;
}
