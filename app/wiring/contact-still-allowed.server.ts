import { decideAction } from "@tsunagi/consent-rules/decide-action";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import type { ConsentStatus } from "@tsunagi/consent-rules/consent-projection";
import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { getDatabase, type Database } from "../db.server";
import { participantCaseNotice } from "../domain/findings/index";
import { consentViewOfRow } from "../domain/consent/index";
import { readFindingCaseRecords } from "../domain/findings/index.server";
import type { ContactCheck, ContactCheckVerdict } from "../domain/mail/index";
import { recontactTopicOf, type RecontactCampaignKind } from "../domain/recontact/index";
import { followStillAllowed, reportNoticeStillAllowed } from "../domain/consultations/index.server";
import { notificationStillAllowed } from "../domain/mail/index.server";
import { surveyStillAllowed } from "../domain/surveys/index.server";
import { digestStillAllowed } from "../domain/updates/index.server";
import { voteReminderStillDue } from "../domain/access/index.server";

const allowed: ContactCheckVerdict = { allowed: true };

/**
 * The mail job's last question before a contact leaves (contact-check.ts): is it still allowed by the participant's
 * consent as it stands now? Each answer comes from the one rule — decideAction for a campaign's topic,
 * participantCaseNotice (itself from decideAction's `return_secondary`) for a care-team notice — never a copy.
 */
export async function contactStillAllowed(check: ContactCheck, db: Database = getDatabase()): Promise<ContactCheckVerdict> {
  switch (check.kind) {
    case "recontact_delivery":
      return campaignMessageStillAllowed(check.deliveryId, db);
    case "care_team_notice":
      return careTeamNoticeStillAllowed(check.findingId, check.notice, db);
    case "update_digest":
      return digestStillAllowed(check.userId, db);
    case "vote_reminder":
      return voteReminderStillDue(check, db);
    case "consultation_report":
      return reportNoticeStillAllowed(check.userId, db);
    case "notification":
      return notificationStillAllowed(check, db);
    case "decision_follow":
      return followStillAllowed(check.followerId, db);
    case "consent_survey":
      return surveyStillAllowed(check.participantId, db);
  }
}

async function campaignMessageStillAllowed(deliveryId: string, db: Database): Promise<ContactCheckVerdict> {
  const [row] = await db.$queryRaw<
    { kind: RecontactCampaignKind; status: ConsentStatus | null; choices: ChoiceSnapshot | null; permittedPurposes: string[] | null; withdrawalLevel: WithdrawalLevel | null; interimRule: string | null; lifeEvent: unknown }[]
  >`
    SELECT c."kind"::text AS "kind", cs."status"::text AS "status", cs."choices", cs."permittedPurposes",
           cs."withdrawalLevel"::text AS "withdrawalLevel", cs."interimRule", cs."lifeEvent"
      FROM "RecontactDelivery" d
      JOIN "RecontactCampaign" c ON c."id" = d."campaignId"
      LEFT JOIN "ConsentState" cs ON cs."participantId" = d."participantId"
     WHERE d."id" = ${deliveryId}::uuid`;
  if (!row) return { allowed: false, reason: "contact_subject_gone" };
  const decision = decideAction(consentViewOfRow(row), { action: "recontact", recontactTopic: recontactTopicOf(row.kind) });
  return decision.allowed ? allowed : { allowed: false, reason: "consent_no_longer_allows" };
}

async function careTeamNoticeStillAllowed(findingId: string, queued: "talk_about_result" | "talk_about_choice", db: Database): Promise<ContactCheckVerdict> {
  // A finding the participant's consent now hides is not read at all (the right not to know): no record comes back.
  const [record] = await readFindingCaseRecords(db, { findingIds: [findingId], scope: { kind: "all" } });
  if (!record) return { allowed: false, reason: "consent_no_longer_allows" };
  const now = participantCaseNotice(record.queueState, { appointmentScheduled: record.state.appointment !== null, closed: record.state.closed });
  // "About a result" to someone now undecided would tell them a finding exists; "about your choice" to someone who
  // now wants results is stale. Either way the counsellor's next step decides what is said, not this old message.
  return now === queued ? allowed : { allowed: false, reason: "case_no_longer_notified" };
}
