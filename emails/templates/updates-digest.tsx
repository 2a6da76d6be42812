import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { WrittenLink } from "../components/written-link";
import { colors, paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

/**
 * The weekly digest of programme updates (issue 14 item 4, ADR 038), in the reader's language: the titles published
 * since the last one, each linked to its page, and a one-click way to stop it. The same unsubscribe link is in the
 * List-Unsubscribe header (RFC 8058), so a mail client's own "unsubscribe" button works without opening the mail.
 */
export const updatesDigestPropsSchema = z.object({
  items: z.array(z.object({ title: z.string().min(1).max(200), url: z.url({ protocol: /^https?$/ }) })).min(1).max(20),
  /** How many updates were published in all (the mail lists at most 20). */
  total: z.number().int().min(1),
  updatesUrl: z.url({ protocol: /^https?$/ }),
  unsubscribeUrl: z.url({ protocol: /^https?$/ }),
});
export type UpdatesDigestProps = z.input<typeof updatesDigestPropsSchema>;

export function updatesDigestSubject(t: EmailContext["t"], props: UpdatesDigestProps): string {
  return t("updatesDigest.subject", { count: props.total });
}

/** RFC 2369 and RFC 8058: the one-click unsubscribe a mail client offers beside the message. */
export function updatesDigestHeaders(props: UpdatesDigestProps): Record<string, string> {
  return { "List-Unsubscribe": `<${props.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

export function UpdatesDigestEmail({ items, total, updatesUrl, unsubscribeUrl, ...context }: UpdatesDigestProps & EmailContext) {
  const { t } = context;
  return (
    <EmailLayout {...context} title={updatesDigestSubject(t, { items, total, updatesUrl, unsubscribeUrl })} preview={t("updatesDigest.preview", { count: total })} heading={t("updatesDigest.heading")} reason={t("updatesDigest.reason")}>
      <Text style={paragraph}>{t("updatesDigest.intro", { count: total })}</Text>
      {items.map((item) => (
        <Text key={item.url} style={{ ...paragraph, margin: "4px 0" }}>
          {"・"}
          <Link href={item.url} style={{ color: colors.accent, textDecoration: "underline" }}>
            {item.title}
          </Link>
        </Text>
      ))}
      {total > items.length ? <Text style={paragraph}>{t("updatesDigest.more", { count: total - items.length })}</Text> : null}
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={updatesUrl}>{t("updatesDigest.button")}</EmailButton>
      </Text>
      <WrittenLink url={updatesUrl} />
      <Text style={paragraph}>{t("updatesDigest.stop")}</Text>
      <WrittenLink url={unsubscribeUrl} />
    </EmailLayout>
  );
}
