import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";
import { WrittenLink } from "../components/written-link";

/**
 * "You said, we did" (issue 28 item 5, ADR 063): the report of a consultation the recipient answered with their
 * account is published, or a corrected version of it (version 2 on). It names the consultation by its public title
 * and links to the public report; nothing of the recipient's own answers travels in the mail.
 */
export const consultationReportPropsSchema = z.object({
  /** The consultation's public title in the recipient's language (staff write at most 120 characters). */
  title: z.string().trim().min(1).max(120),
  version: z.number().int().positive(),
  // The report's own path: a mail button never points anywhere the sender did not build.
  reportPath: z.string().regex(/^\/consultations\/[0-9a-f-]{36}\/report(\?version=\d+)?$/),
});
export type ConsultationReportProps = z.infer<typeof consultationReportPropsSchema>;

/** A version after the first corrects one already published (and mailed): the words say so. */
const kindOf = (version: number) => (version > 1 ? "corrected" : "first");

export function consultationReportSubject(t: EmailContext["t"], props: ConsultationReportProps): string {
  return t(`consultationReport.subject.${kindOf(props.version)}`, { title: props.title });
}

export function ConsultationReportEmail({ title, version, reportPath, ...context }: ConsultationReportProps & EmailContext) {
  const { t, appUrl } = context;
  const kind = kindOf(version);
  const reportUrl = new URL(reportPath, appUrl).toString();
  return (
    <EmailLayout
      {...context}
      title={consultationReportSubject(t, { title, version, reportPath })}
      preview={t(`consultationReport.intro.${kind}`, { title, version })}
      heading={t(`consultationReport.heading.${kind}`)}
      reason={t("consultationReport.reason")}
    >
      <Text style={paragraph}>{t(`consultationReport.intro.${kind}`, { title, version })}</Text>
      <Text style={paragraph}>{t("consultationReport.thanks")}</Text>
      <Text style={paragraph}>{t(`consultationReport.contents.${kind}`)}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 16px" }}>
        <EmailButton href={reportUrl}>{t("consultationReport.open")}</EmailButton>
      </Text>
      <WrittenLink url={reportUrl} />
    </EmailLayout>
  );
}
