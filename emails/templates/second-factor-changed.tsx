import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

export const secondFactorChanges = [
  "totp_enrolled",
  "totp_removed",
  "passkey_added",
  "passkey_removed",
  "recovery_codes_regenerated",
] as const;

export const secondFactorChangedPropsSchema = z.object({
  change: z.enum(secondFactorChanges),
  occurredAt: z.date(),
});
export type SecondFactorChangedProps = z.infer<typeof secondFactorChangedPropsSchema>;

// Literal keys (not built from the enum value) so a typed i18next setup can still check them.
const changeKeys = {
  totp_enrolled: "secondFactorChanged.changes.totpEnrolled",
  totp_removed: "secondFactorChanged.changes.totpRemoved",
  passkey_added: "secondFactorChanged.changes.passkeyAdded",
  passkey_removed: "secondFactorChanged.changes.passkeyRemoved",
  recovery_codes_regenerated: "secondFactorChanged.changes.recoveryCodesRegenerated",
} as const satisfies Record<SecondFactorChangedProps["change"], string>;

export function secondFactorChangedSubject(t: EmailContext["t"]): string {
  return t("secondFactorChanged.subject");
}

export function SecondFactorChangedEmail({
  change,
  occurredAt,
  ...context
}: SecondFactorChangedProps & EmailContext) {
  const { t, language, appUrl } = context;
  return (
    <EmailLayout
      {...context}
      title={secondFactorChangedSubject(t)}
      preview={t("secondFactorChanged.preview")}
      heading={t("secondFactorChanged.heading")}
      reason={t("secondFactorChanged.reason")}
    >
      <Text style={paragraph}>{t("secondFactorChanged.intro")}</Text>
      <Text style={{ ...paragraph, fontWeight: 700 }}>{t(changeKeys[change])}</Text>
      <EmailDetails
        rows={[{ label: t("common.whenLabel"), value: formatOccurredAt(occurredAt, language, t) }]}
      />
      <Text style={paragraph}>{t("secondFactorChanged.ifYou")}</Text>
      <Text style={paragraph}>
        <strong>{t("secondFactorChanged.notYou")}</strong>
      </Text>
      <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
        <EmailButton href={appUrl}>{t("common.openApp")}</EmailButton>
      </Text>
    </EmailLayout>
  );
}
