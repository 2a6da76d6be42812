import { Link } from "@react-email/link";
import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { colors, paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

const reportPath = z.string().regex(/^\/consultations\/[0-9a-f-]{36}\/report(\?version=\d+)?$/);

/**
 * One piece of news, in the recipient's language: a decision that moved (its state named as the report page names it,
 * `consultation-admin:report.states.<state>`), or a consultation's report out.
 */
export const whatMovedItemSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("decision"), consultationTitle: z.string().trim().min(1).max(200), decision: z.string().trim().min(1).max(300), state: z.string().regex(/^[a-z_]{1,20}$/), path: reportPath }),
  z.object({ kind: z.literal("report"), consultationTitle: z.string().trim().min(1).max(200), version: z.number().int().positive(), path: reportPath }),
]);
export type WhatMovedItem = z.infer<typeof whatMovedItemSchema>;

/**
 * Told when it moves (issue 59 item 2; ADR 147): a decision the programme made about what people said changed state,
 * or a consultation's report is out — one piece of news at once, or a week's in a digest. To an account it says where
 * to choose how often (/account/notifications); to someone following a decision by mail it carries the link that stops
 * following, also as List-Unsubscribe (RFC 8058). What the recipient themselves said never travels in it.
 */
export const whatMovedPropsSchema = z.object({
  items: z.array(whatMovedItemSchema).min(1).max(30),
  digest: z.boolean(),
  /** News the digest leaves out (it lists at most 30). */
  more: z.number().int().nonnegative().default(0),
  /** Only to a follower without an account: the link that stops following (its secret, derived under APP_SECRET). */
  stopUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type WhatMovedProps = z.input<typeof whatMovedPropsSchema>;

export function whatMovedSubject(t: EmailContext["t"], props: WhatMovedProps): string {
  if (props.digest) return t("whatMoved.subject.digest", { count: props.items.length + (props.more ?? 0) });
  const [item] = props.items;
  return item!.kind === "decision" ? t("whatMoved.subject.decision", { title: item!.consultationTitle }) : t("whatMoved.subject.report", { title: item!.consultationTitle });
}

export function whatMovedHeaders(props: WhatMovedProps): Record<string, string> {
  return props.stopUrl ? { "List-Unsubscribe": `<${props.stopUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {};
}

export function WhatMovedEmail({ items, digest, more, stopUrl, ...context }: WhatMovedProps & EmailContext) {
  const { t, appUrl } = context;
  const first = new URL(items[0]!.path, appUrl).toString();
  return (
    <EmailLayout
      {...context}
      title={whatMovedSubject(t, { items, digest, more, stopUrl })}
      preview={t(digest ? "whatMoved.preview.digest" : "whatMoved.preview.one")}
      heading={t(digest ? "whatMoved.heading.digest" : "whatMoved.heading.one")}
      reason={t(stopUrl ? "whatMoved.reason.follower" : "whatMoved.reason.account")}
    >
      {items.map((item, index) => (
        <Text key={`${item.path}-${index}`} style={{ ...paragraph, margin: "8px 0" }}>
          {digest ? "・" : null}
          {item.kind === "decision"
            ? t("whatMoved.decision", { title: item.consultationTitle, decision: item.decision, state: t(`consultation-admin:report.states.${item.state}`) })
            : t(item.version > 1 ? "whatMoved.reportCorrected" : "whatMoved.report", { title: item.consultationTitle, version: item.version })}{" "}
          {digest ? (
            <Link href={new URL(item.path, appUrl).toString()} style={{ color: colors.accent, textDecoration: "underline" }}>
              {t("whatMoved.read")}
            </Link>
          ) : null}
        </Text>
      ))}
      {more ? <Text style={paragraph}>{t("whatMoved.more", { count: more })}</Text> : null}
      {digest ? null : (
        <>
          <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
            <EmailButton href={first}>{t("whatMoved.open")}</EmailButton>
          </Text>
          <WrittenLink url={first} />
        </>
      )}
      {stopUrl ? (
        <>
          <Text style={paragraph}>{t("whatMoved.stop")}</Text>
          <WrittenLink url={stopUrl} />
        </>
      ) : (
        <>
          <Text style={paragraph}>{t("whatMoved.settings")}</Text>
          <WrittenLink url={new URL("/account/notifications", appUrl).toString()} />
        </>
      )}
    </EmailLayout>
  );
}
