import type { EmailTemplateName } from "../../../emails/render.server";
import { getDatabase, type Database } from "../../db.server";
import { recordDeliveryFailure, recordDeliverySuccess } from "./deliver-mail-message.server";
import { sendMail, type SendMailInput } from "./send-mail.server";

/**
 * Sends at once, outside the queue, a message that carries a bearer secret (an invitation link, an invitation's
 * one-time code): the secret must not wait in a table for a worker, and the person — or the coordinator enrolling
 * them — is told at once when it fails and can ask again (ADR 031). The delivery log still gets its row, without
 * the props, so a refused address shows as undeliverable like any other. Throws what sendMail throws.
 */
export async function sendLoggedMail<T extends EmailTemplateName>(
  input: SendMailInput<T> & { participantId?: string | null; userId?: string | null },
  db: Database = getDatabase(),
): Promise<string> {
  const row = await db.mailMessage.create({
    data: { toAddress: input.to, participantId: input.participantId ?? null, userId: input.userId ?? null, template: input.template, language: input.language, props: undefined },
    select: { id: true, toAddress: true, template: true },
  });
  try {
    const providerMessageId = await sendMail(input);
    await recordDeliverySuccess(db, row, 1, providerMessageId);
    return providerMessageId;
  } catch (error) {
    // No retry here: the caller reports the failure and the person asks again.
    await recordDeliveryFailure(db, row, 1, error, { lastAttempt: true });
    throw error;
  }
}
