// Issue 55 defect 10 on real PostgreSQL and the real job queue (ADR 122): a counsellor who moved an appointment seven
// times in twelve seconds mailed the participant seven times; and a closed, disclosed case read "to return / nobody
// holds it". Now the notice waits out a quiet period, each move while it waits postpones it, the same time again mails
// nothing, and a closed case says it is closed, why, and who closed it.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { loadFindingCase } from "../../app/domain/findings/load-finding-case.server";
import { APPOINTMENT_NOTICE_QUIET_MS } from "../../app/domain/findings/request-appointment-notice.server";
import { takeCaseStep } from "../../app/domain/findings/take-case-step.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createFacility } from "../factories/facility-factory";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { passQueueTime, runJobsUntilSettled } from "../support/jobs";
import { useTempDataDir } from "../support/temp-data-dir";
import { createFinding, recordConsentStep } from "./finding-cases-support";

useTestDatabase();
useTempDataDir();

const request = { ipAddress: "127.0.0.1", userAgent: "test" };

async function claimedCase() {
  const coordinator = await createUser({ role: "coordinator" });
  const facility = await createFacility();
  const counsellor = await createUser({ role: "counsellor", facilities: [facility] });
  const participant = await createParticipant({ withAccount: true, facility });
  await recordConsentStep(participant.id, coordinator.id, { kind: "grant", cancer: "want", other: "not_want", findingsUpdate: "yes" });
  const findingId = await createFinding(participant.id, "hereditary_cancer");
  const take = (step: Parameters<typeof takeCaseStep>[0]["step"], input: unknown = {}) => takeCaseStep({ findingId, step, input, actorId: counsellor.id, request });
  await take("claim");
  return { counsellor, participant, findingId, take };
}

const at = (hour: number) => ({ at: `2026-12-0${1 + (hour % 7)}T${String(9 + hour).padStart(2, "0")}:00`, mode: "in_person", place: "遺伝カウンセリング外来", language: "ja" });

/** The care-team mails the participant's mailbox has received. */
async function careTeamMailsTo(email: string) {
  return (await listCapturedMail({ to: email, limit: 50 })).filter((mail) => mail.template === "consent-notice");
}

describe("[counsellor] moving an appointment again and again", () => {
  it("mails the participant once, after the last move, not once per move", async () => {
    const { participant, take } = await claimedCase();
    for (let move = 0; move < 7; move++) await take("schedule_appointment", at(move));
    // Nothing leaves during the quiet period.
    await runJobsUntilSettled();
    expect(await careTeamMailsTo(participant.email!)).toHaveLength(0);
    await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
    await runJobsUntilSettled();
    expect(await careTeamMailsTo(participant.email!)).toHaveLength(1);
    const rows = await getDatabase().mailMessage.findMany({ where: { participantId: participant.id, sourceKey: { startsWith: "care-team-notice:" } } });
    expect(rows.map((row) => row.state)).toEqual(["sent"]);
  });

  it("mails nothing for the same time saved again, and once more when the time really changes", async () => {
    const { participant, take } = await claimedCase();
    await take("schedule_appointment", at(1));
    await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
    await runJobsUntilSettled();
    expect(await careTeamMailsTo(participant.email!)).toHaveLength(1);

    await take("schedule_appointment", at(1));
    await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
    await runJobsUntilSettled();
    expect(await careTeamMailsTo(participant.email!)).toHaveLength(1);

    await take("schedule_appointment", at(2));
    await passQueueTime(APPOINTMENT_NOTICE_QUIET_MS);
    await runJobsUntilSettled();
    expect(await careTeamMailsTo(participant.email!)).toHaveLength(2);
  });
});

describe("[counsellor] a closed case", () => {
  it("reads closed, with its reason and who closed it, not 'to return' and 'unclaimed'", async () => {
    const { counsellor, findingId, take } = await claimedCase();
    const session = { date: "2026-12-01", attendees: "本人", understood: "結果の意味を理解された" };
    await take("schedule_appointment", at(0));
    await take("record_counselling", session);
    await take("record_disclosure", session);
    expect(await loadFindingCase({ findingId, actorId: counsellor.id })).toMatchObject({ status: "to_return", claimedBy: { id: counsellor.id }, closedBy: null });
    await take("close", { reason: "disclosed" });
    const closed = await loadFindingCase({ findingId, actorId: counsellor.id });
    expect(closed).toMatchObject({ closed: true, status: "closed_disclosed", claimedBy: null, closedBy: { id: counsellor.id, displayName: "Test counsellor" } });
  });
});
