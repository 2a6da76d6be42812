import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { formatOccurredAt } from "../components/format-time";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

export const newDeviceSignInPropsSchema = z.object({
  occurredAt: z.date(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
});
export type NewDeviceSignInProps = z.infer<typeof newDeviceSignInPropsSchema>;

// User-Agent strings are attacker-controlled and can be kilobytes long; enough to recognise the browser is plenty.
const maxUserAgentLength = 200;

export function newDeviceSignInSubject(t: EmailContext["t"]): string {
  return t("newDeviceSignIn.subject");
}

export function NewDeviceSignInEmail({
  occurredAt,
  userAgent,
  ipAddress,
  ...context
}: NewDeviceSignInProps & EmailContext) {
  const { t, language, appUrl } = context;
  const unknown = t("common.unknown");
  const device = truncate(userAgent?.trim() ?? "", maxUserAgentLength) || unknown;
  return (
    <EmailLayout
      {...context}
      title={newDeviceSignInSubject(t)}
      preview={t("newDeviceSignIn.preview")}
      heading={t("newDeviceSignIn.heading")}
      reason={t("newDeviceSignIn.reason")}
    >
      <Text style={paragraph}>{t("newDeviceSignIn.intro")}</Text>
      <EmailDetails
        rows={[
          { label: t("common.whenLabel"), value: formatOccurredAt(occurredAt, language, t) },
          { label: t("newDeviceSignIn.deviceLabel"), value: device },
          { label: t("newDeviceSignIn.ipLabel"), value: ipAddress?.trim() || unknown },
        ]}
      />
      <Text style={paragraph}>{t("newDeviceSignIn.ifYou")}</Text>
      <Text style={paragraph}>
        <strong>{t("newDeviceSignIn.notYou")}</strong>
      </Text>
      <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
        <EmailButton href={appUrl}>{t("common.openApp")}</EmailButton>
      </Text>
    </EmailLayout>
  );
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
