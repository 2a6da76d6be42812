import type { RequestContext } from "../../kernel/index";
import type { FormLanguage } from "@tsunagi/consent-rules/form-content";

/** Who is acting on a participant's consent, and how it reached us. */
export interface ConsentActor {
  /** Null only for an answer through a recontact response link from a participant without a sign-in (ADR 035). */
  userId: string | null;
  role: string;
}

/** Staff record what a participant said by phone or letter; participants and proxies act online. */
export const staffRecordedMethods = ["phone", "letter", "assisted"] as const;
export type StaffRecordedMethod = (typeof staffRecordedMethods)[number];

/** What every change to a standing consent (choices, withdrawal) carries besides the change itself. */
export interface ConsentAmendmentInput {
  participantId: string;
  actor: ConsentActor;
  method: "online" | StaffRecordedMethod;
  /** The language the confirmation was shown in; the PDF record uses it. */
  language: FormLanguage;
  /** Staff-recorded changes: how the request reached the clinic (date of the call or letter, who spoke). */
  note?: string;
  request: RequestContext;
}
