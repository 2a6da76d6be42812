import { getDatabase, type Database } from "../../../db.server";
import { getEnv } from "../../../env.server";
import { sendMail } from "../../mail/send-mail.server";
import { participantContacts } from "../participants/participant-contacts.server";
import { errorText, serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("app");

/**
 * Tells each participant (or their proxy) that a major version needs their decision. Runs after the commit:
 * mail cannot be rolled back, and a failed message must not undo the state change — the dashboard shows it too.
 */
export async function notifyReconsentRequired(participantIds: readonly string[], db: Database = getDatabase()): Promise<void> {
  const url = new URL("/consent", getEnv().APP_URL).toString();
  for (const participantId of participantIds) {
    for (const contact of await participantContacts(participantId, db)) {
      try {
        await sendMail({ to: contact.email, language: contact.language, template: "consent-notice", props: { kind: "reconsent_required", name: contact.name, url } });
      } catch (error) {
        log.warn({ participantId, error: errorText(error) }, "re-consent notice could not be sent");
      }
    }
  }
}
