import { Text } from "@react-email/text";
import { z } from "zod";
import { EmailButton } from "../components/button";
import { EmailDetails } from "../components/details";
import { EmailLayout } from "../components/layout";
import { paragraph } from "../components/styles";
import type { EmailContext } from "../components/types";

/** The committee's decision on a data-access application, mailed to the applicant in their language (issue 15). */
export const applicationDecisionPropsSchema = z.object({
  reference: z.string(),
  title: z.string(),
  outcome: z.enum(["approved", "rejected", "deferred"]),
  conditions: z.string(),
  endsOn: z.string().optional(),
  applicationPath: z.string(),
});
export type ApplicationDecisionProps = z.infer<typeof applicationDecisionPropsSchema>;

const outcomeKeys = {
  approved: "applicationDecision.outcomes.approved",
  rejected: "applicationDecision.outcomes.rejected",
  deferred: "applicationDecision.outcomes.deferred",
} as const satisfies Record<ApplicationDecisionProps["outcome"], string>;

export function applicationDecisionSubject(t: EmailContext["t"], props: ApplicationDecisionProps): string {
  return t("applicationDecision.subject", { reference: props.reference });
}

export function ApplicationDecisionEmail({ reference, title, outcome, conditions, endsOn, applicationPath, ...context }: ApplicationDecisionProps & EmailContext) {
  const { t, appUrl } = context;
  const rows = [
    { label: t("applicationDecision.referenceLabel"), value: reference },
    { label: t("applicationDecision.titleLabel"), value: title },
    { label: t("applicationDecision.outcomeLabel"), value: t(outcomeKeys[outcome]) },
    ...(endsOn ? [{ label: t("applicationDecision.endsLabel"), value: endsOn }] : []),
  ];
  return (
    <EmailLayout
      {...context}
      title={applicationDecisionSubject(t, { reference, title, outcome, conditions, endsOn, applicationPath })}
      preview={t(outcomeKeys[outcome])}
      heading={t("applicationDecision.heading")}
      reason={t("applicationDecision.reason")}
    >
      <Text style={paragraph}>{t("applicationDecision.intro")}</Text>
      <EmailDetails rows={rows} />
      {conditions ? (
        <>
          <Text style={{ ...paragraph, fontWeight: 700 }}>{t("applicationDecision.conditionsLabel")}</Text>
          <Text style={{ ...paragraph, whiteSpace: "pre-wrap" }}>{conditions}</Text>
        </>
      ) : null}
      <Text style={paragraph}>{t(`applicationDecision.next.${outcome}`)}</Text>
      <Text style={{ ...paragraph, margin: "8px 0 8px" }}>
        <EmailButton href={new URL(applicationPath, appUrl).toString()}>{t("applicationDecision.open")}</EmailButton>
      </Text>
    </EmailLayout>
  );
}
