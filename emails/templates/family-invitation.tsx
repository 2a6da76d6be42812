import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

/**
 * A participant invites someone close to them to follow the programme (issue 14, ADR 036). It says who invited them
 * and what they will be able to see, never anything about the participant's health: mail can be read by others.
 */
export const familyInvitationPropsSchema = z.object({
  name: z.string().min(1).max(200),
  inviterName: z.string().min(1).max(200),
  scope: z.enum(["updates", "updates_and_summary"]),
  url: z.url({ protocol: /^https?$/ }),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type FamilyInvitationProps = z.infer<typeof familyInvitationPropsSchema>;

export function familyInvitationSubject(t: EmailContext["t"], props: FamilyInvitationProps): string {
  return t("familyInvitation.subject", { inviter: props.inviterName });
}

export function FamilyInvitationEmail({ name, inviterName, scope, url, expiresAt, ...context }: FamilyInvitationProps & EmailContext) {
  const { t } = context;
  return (
    <EmailLayout
      {...context}
      title={familyInvitationSubject(t, { name, inviterName, scope, url, expiresAt })}
      preview={t("familyInvitation.preview", { inviter: inviterName })}
      heading={t("familyInvitation.heading")}
      reason={t("familyInvitation.reason", { inviter: inviterName })}
    >
      <Text style={paragraph}>{t("consentNotice.greeting", { name })}</Text>
      <Text style={paragraph}>{t("familyInvitation.intro", { inviter: inviterName })}</Text>
      <Text style={paragraph}>{t(`familyInvitation.scope.${scope}`, { inviter: inviterName })}</Text>
      <Text style={paragraph}>{t("familyInvitation.never", { inviter: inviterName })}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={url}>{t("familyInvitation.button")}</EmailButton>
      </Text>
      <Text style={paragraph}>
        <strong>{t("familyInvitation.expiry", { date: formatOccurredAt(new Date(expiresAt), context.language, t) })}</strong>
      </Text>
      <WrittenLink url={url} />
      <Text style={paragraph}>{t("familyInvitation.notExpected")}</Text>
    </EmailLayout>
  );
}
