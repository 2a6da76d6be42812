import { render, toPlainText } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import { z } from "zod";
import { getEnv } from "../app/env.server";
import { getFixedT } from "../app/i18n/i18n";
import { supportedLanguages } from "../app/i18n/languages";
import type { EmailContext } from "./components/types";
import {
  ConsentNoticeEmail,
  consentNoticePropsSchema,
  consentNoticeSubject,
  type ConsentNoticeProps,
} from "./templates/consent-notice";
import {
  FamilyInvitationEmail,
  familyInvitationPropsSchema,
  familyInvitationSubject,
  type FamilyInvitationProps,
} from "./templates/family-invitation";
import {
  NewDeviceSignInEmail,
  newDeviceSignInPropsSchema,
  newDeviceSignInSubject,
  type NewDeviceSignInProps,
} from "./templates/new-device-sign-in";
import {
  RecontactMessageEmail,
  recontactMessagePropsSchema,
  recontactMessageSubject,
  type RecontactMessageProps,
} from "./templates/recontact-message";
import {
  SecondFactorChangedEmail,
  secondFactorChangedPropsSchema,
  secondFactorChangedSubject,
  type SecondFactorChangedProps,
} from "./templates/second-factor-changed";
import {
  UpdatesDigestEmail,
  updatesDigestHeaders,
  updatesDigestPropsSchema,
  updatesDigestSubject,
  type UpdatesDigestProps,
} from "./templates/updates-digest";
import {
  SignInLinkEmail,
  signInLinkPropsSchema,
  signInLinkSubject,
  type SignInLinkProps,
} from "./templates/sign-in-link";
import { AccountCreatedEmail, accountCreatedPropsSchema, accountCreatedSubject, type AccountCreatedProps } from "./templates/account-created";
import { SecondFactorResetEmail, secondFactorResetPropsSchema, secondFactorResetSubject, type SecondFactorResetProps } from "./templates/second-factor-reset";
import { ApplicationDecisionEmail, applicationDecisionPropsSchema, applicationDecisionSubject, type ApplicationDecisionProps } from "./templates/application-decision";
import { VoteReminderEmail, voteReminderPropsSchema, voteReminderSubject, type VoteReminderProps } from "./templates/vote-reminder";
import { ConsultationReportEmail, consultationReportPropsSchema, consultationReportSubject, type ConsultationReportProps } from "./templates/consultation-report";
import { AccountNoticeEmail, accountNoticePropsSchema, accountNoticeSubject, type AccountNoticeProps } from "./templates/account-notice";
import { BriefingNoticeEmail, briefingNoticePropsSchema, briefingNoticeSubject, type BriefingNoticeProps } from "./templates/briefing-notice";
import { PanelApplicationNoticeEmail, panelApplicationNoticePropsSchema, panelApplicationNoticeSubject, type PanelApplicationNoticeProps } from "./templates/panel-application-notice";
import { WhatMovedEmail, whatMovedHeaders, whatMovedPropsSchema, whatMovedSubject, type WhatMovedProps } from "./templates/what-moved";
import { ReviewInvitationEmail, reviewInvitationPropsSchema, reviewInvitationSubject, type ReviewInvitationProps } from "./templates/review-invitation";

/** Which props each template takes; `renderEmail` and `sendMail` are typed through this map. */
export type EmailPropsMap = {
  "application-decision": ApplicationDecisionProps;
  "vote-reminder": VoteReminderProps;
  "consultation-report": ConsultationReportProps;
  "what-moved": WhatMovedProps;
  "briefing-notice": BriefingNoticeProps;
  "panel-application-notice": PanelApplicationNoticeProps;
  "review-invitation": ReviewInvitationProps;
  "sign-in-link": SignInLinkProps;
  "second-factor-changed": SecondFactorChangedProps;
  "account-notice": AccountNoticeProps;
  "new-device-sign-in": NewDeviceSignInProps;
  "consent-notice": ConsentNoticeProps;
  "recontact-message": RecontactMessageProps;
  "family-invitation": FamilyInvitationProps;
  "updates-digest": UpdatesDigestProps;
  "account-created": AccountCreatedProps;
  "second-factor-reset": SecondFactorResetProps;
};
export type EmailTemplateName = keyof EmailPropsMap;

type TemplateDefinition<P> = {
  schema: z.ZodType<P>;
  subject: (t: EmailContext["t"], props: P) => string;
  element: (props: P, context: EmailContext) => ReactElement;
  /** Headers of the message itself, from its props (the digest's List-Unsubscribe, RFC 8058). */
  headers?: (props: P) => Record<string, string>;
};

const templates: { [K in EmailTemplateName]: TemplateDefinition<EmailPropsMap[K]> } = {
  "application-decision": {
    schema: applicationDecisionPropsSchema,
    subject: applicationDecisionSubject,
    element: (props, context) => createElement(ApplicationDecisionEmail, { ...props, ...context }),
  },
  "vote-reminder": {
    schema: voteReminderPropsSchema,
    subject: voteReminderSubject,
    element: (props, context) => createElement(VoteReminderEmail, { ...props, ...context }),
  },
  "consultation-report": {
    schema: consultationReportPropsSchema,
    subject: consultationReportSubject,
    element: (props, context) => createElement(ConsultationReportEmail, { ...props, ...context }),
  },
  "what-moved": {
    schema: whatMovedPropsSchema as z.ZodType<WhatMovedProps>,
    subject: whatMovedSubject,
    element: (props, context) => createElement(WhatMovedEmail, { ...props, ...context }),
    headers: whatMovedHeaders,
  },
  "briefing-notice": {
    schema: briefingNoticePropsSchema as z.ZodType<BriefingNoticeProps>,
    subject: briefingNoticeSubject,
    element: (props, context) => createElement(BriefingNoticeEmail, { ...props, ...context }),
  },
  "panel-application-notice": {
    schema: panelApplicationNoticePropsSchema as z.ZodType<PanelApplicationNoticeProps>,
    subject: panelApplicationNoticeSubject,
    element: (props, context) => createElement(PanelApplicationNoticeEmail, { ...props, ...context }),
  },
  "review-invitation": {
    schema: reviewInvitationPropsSchema,
    subject: reviewInvitationSubject,
    element: (props, context) => createElement(ReviewInvitationEmail, { ...props, ...context }),
  },
  "sign-in-link": {
    schema: signInLinkPropsSchema,
    subject: signInLinkSubject,
    element: (props, context) => createElement(SignInLinkEmail, { ...props, ...context }),
  },
  "second-factor-changed": {
    schema: secondFactorChangedPropsSchema,
    subject: secondFactorChangedSubject,
    element: (props, context) => createElement(SecondFactorChangedEmail, { ...props, ...context }),
  },
  "account-notice": {
    schema: accountNoticePropsSchema as z.ZodType<AccountNoticeProps>,
    subject: accountNoticeSubject,
    element: (props, context) => createElement(AccountNoticeEmail, { ...props, ...context }),
  },
  "new-device-sign-in": {
    schema: newDeviceSignInPropsSchema,
    subject: newDeviceSignInSubject,
    element: (props, context) => createElement(NewDeviceSignInEmail, { ...props, ...context }),
  },
  "consent-notice": {
    schema: consentNoticePropsSchema as z.ZodType<ConsentNoticeProps>,
    subject: consentNoticeSubject,
    element: (props, context) => createElement(ConsentNoticeEmail, { ...props, ...context }),
  },
  "recontact-message": {
    schema: recontactMessagePropsSchema as z.ZodType<RecontactMessageProps>,
    subject: recontactMessageSubject,
    element: (props, context) => createElement(RecontactMessageEmail, { ...props, ...context }),
  },
  "family-invitation": {
    schema: familyInvitationPropsSchema,
    subject: familyInvitationSubject,
    element: (props, context) => createElement(FamilyInvitationEmail, { ...props, ...context }),
  },
  "updates-digest": {
    schema: updatesDigestPropsSchema,
    subject: updatesDigestSubject,
    element: (props, context) => createElement(UpdatesDigestEmail, { ...props, ...context }),
    headers: updatesDigestHeaders,
  },
  "account-created": {
    schema: accountCreatedPropsSchema,
    subject: accountCreatedSubject,
    element: (props, context) => createElement(AccountCreatedEmail, { ...props, ...context }),
  },
  "second-factor-reset": {
    schema: secondFactorResetPropsSchema,
    subject: secondFactorResetSubject,
    element: (props, context) => createElement(SecondFactorResetEmail, { ...props, ...context }),
  },
};

export const emailTemplateNames = Object.keys(templates) as EmailTemplateName[];

export function isEmailTemplateName(value: unknown): value is EmailTemplateName {
  return typeof value === "string" && Object.hasOwn(templates, value);
}

const renderOptionsSchema = z.object({
  language: z.enum(supportedLanguages),
  /** Defaults to APP_URL; tests and previews may pass their own. */
  appUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type RenderEmailOptions = z.input<typeof renderOptionsSchema>;

// html-to-text capitalises headings by default; in a plain-text mail that reads as shouting.
const plainTextOptions = { selectors: [{ selector: "h1", options: { uppercase: false } }] };

export type RenderedEmail = { subject: string; html: string; text: string; headers: Record<string, string> };

export async function renderEmail<T extends EmailTemplateName>(
  template: T,
  props: EmailPropsMap[T],
  options: RenderEmailOptions,
): Promise<RenderedEmail> {
  const { language, appUrl = getEnv().APP_URL } = renderOptionsSchema.parse(options);
  if (!isEmailTemplateName(template)) throw new Error(`Unknown email template: ${String(template)}`);
  // Props often come from loosely typed places (job payloads, dev tools); validate before anything is sent.
  const definition: TemplateDefinition<EmailPropsMap[T]> = templates[template];
  const parsed = definition.schema.parse(props);
  const t = await getFixedT(language, "email");
  const context: EmailContext = { language, t, appUrl };
  const html = await render(definition.element(parsed, context));
  return { subject: definition.subject(t, parsed), html, text: toPlainText(html, plainTextOptions), headers: definition.headers?.(parsed) ?? {} };
}
