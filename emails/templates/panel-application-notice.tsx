import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

const link = z.url({ protocol: /^https?$/ });

/**
 * An application to join the participant panel (issue 59 item 3; ADR 151): received (with the application's own page,
 * sent at once), or decided — a seat, the reserve list, or not this time — with the reason staff wrote.
 */
export const panelApplicationNoticePropsSchema = z.object({
  kind: z.enum(["received", "selected", "reserve", "not_selected"]),
  title: z.string().trim().min(1).max(120),
  reason: z.string().max(1_000).optional(),
  pageUrl: link,
});
export type PanelApplicationNoticeProps = z.input<typeof panelApplicationNoticePropsSchema>;

export function panelApplicationNoticeSubject(t: EmailContext["t"], props: PanelApplicationNoticeProps): string {
  return t(`panelApplicationNotice.${props.kind}.subject`, { title: props.title });
}

export function PanelApplicationNoticeEmail(props: PanelApplicationNoticeProps & EmailContext) {
  const { t } = props;
  const key = `panelApplicationNotice.${props.kind}`;
  return (
    <EmailLayout {...props} title={panelApplicationNoticeSubject(t, props)} preview={t(`${key}.preview`, { title: props.title })} heading={t(`${key}.heading`)} reason={t("panelApplicationNotice.reason")}>
      <Text style={paragraph}>{t(`${key}.body`, { title: props.title })}</Text>
      {props.reason ? (
        <>
          <Text style={paragraph}>{t("panelApplicationNotice.why")}</Text>
          <Text style={{ ...paragraph, whiteSpace: "pre-wrap" }}>{props.reason}</Text>
        </>
      ) : null}
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={props.pageUrl}>{t("panelApplicationNotice.open")}</EmailButton>
      </Text>
      <WrittenLink url={props.pageUrl} />
    </EmailLayout>
  );
}
