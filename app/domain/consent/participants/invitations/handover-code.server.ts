import { z } from "zod";
import { supportedLanguages } from "../../../../i18n/languages";
import { formatInvitationCode } from "../enrolment/pseudonymous-codes.server";
import { open, seal } from "../../../security/index.server";

const purpose = "invitation-handover";
/** Long enough to print; short enough that a code left in a browser is soon useless. */
export const handoverLifetimeMs = 10 * 60_000;

const HandoverSchema = z.object({
  participantId: z.string(),
  pseudonym: z.string(),
  invitationId: z.string(),
  code: z.string(),
  recipient: z.enum(["participant", "proxy"]),
  email: z.string(),
  expiresAt: z.string(),
  language: z.enum(supportedLanguages),
  mailSent: z.boolean(),
  shownTo: z.string(),
  until: z.number(),
});
export type Handover = z.infer<typeof HandoverSchema>;

/**
 * The invitation code must reach the confirmation page without being stored anywhere in clear: it travels
 * encrypted and authenticated, for one coordinator, for ten minutes, and the page drops it once shown.
 */
export function sealHandover(handover: Omit<Handover, "until">, now = new Date()): string {
  return seal(JSON.stringify({ ...handover, until: now.getTime() + handoverLifetimeMs }), purpose);
}

export function openHandover(sealed: string | null, expected: { participantId: string; viewerId: string }, now = new Date()): Handover | null {
  const opened = sealed ? open(sealed, purpose) : null;
  if (!opened) return null;
  let value: unknown;
  try {
    value = JSON.parse(opened);
  } catch {
    return null;
  }
  const parsed = HandoverSchema.safeParse(value);
  if (!parsed.success) return null;
  const handover = parsed.data;
  if (handover.participantId !== expected.participantId || handover.shownTo !== expected.viewerId || handover.until < now.getTime()) return null;
  return handover;
}

/** The sealed handover for a just-issued invitation, shown only to the coordinator who issued it. */
export function handoverFor(
  issued: { participantId: string; pseudonym: string; mailSent: boolean; invitation: { id: string; code: string; recipient: "participant" | "proxy"; email: string; expiresAt: Date; language: Handover["language"] } },
  viewerId: string,
  now = new Date(),
): string {
  const { invitation } = issued;
  return sealHandover(
    {
      participantId: issued.participantId,
      pseudonym: issued.pseudonym,
      invitationId: invitation.id,
      code: formatInvitationCode(invitation.code),
      recipient: invitation.recipient,
      email: invitation.email,
      expiresAt: invitation.expiresAt.toISOString(),
      language: invitation.language,
      mailSent: issued.mailSent,
      shownTo: viewerId,
    },
    now,
  );
}
