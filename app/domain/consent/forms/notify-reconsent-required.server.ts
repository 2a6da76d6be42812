import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { enqueueMail } from "../../mail/index.server";
import { participantContacts } from "../participants/index.server";

/**
 * Tells each participant (or their proxy) that a major version needs their decision: one queued message per contact
 * (ADR 031), each participant's in one transaction, so the publish returns without waiting on a mail server and a
 * failing server delays the notices without losing them. The dashboard shows the request too, and the deadline staff
 * set, when they set one (ADR 120).
 */
export async function notifyReconsentRequired(participantIds: readonly string[], options: { deadline: string | null } = { deadline: null }, db: Database = getDatabase()): Promise<void> {
  const url = new URL("/consent", getEnv().APP_URL).toString();
  for (const participantId of participantIds) {
    await db.$transaction(async (tx) => {
      for (const contact of await participantContacts(participantId, tx)) {
        await enqueueMail(
          {
            to: contact.email,
            language: contact.language,
            template: "consent-notice",
            props: { kind: "reconsent_required", name: contact.name, ...(contact.about ? { about: contact.about } : {}), url, ...(options.deadline ? { deadline: options.deadline } : {}) },
            participantId,
            userId: contact.userId,
          },
          tx,
        );
      }
    });
  }
}
