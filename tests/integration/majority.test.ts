import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { currentFormVersion, PROGRAMME_FORM_KEY } from "../../app/domain/consent/forms/load-form-version.server";
import { inviteParticipantsReachingMajority } from "../../app/domain/consent/participants/majority/invite-at-majority.server";
import { consentSubjectsOf } from "../../app/domain/consent/participants/consent-subjects.server";
import { grantConsent } from "../../app/domain/consent/records/grant-consent.server";
import { ensurePublishedFormVersion } from "../../app/wiring/demo/seed-consent-forms.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";
import { choiceSnapshot } from "../factories/choice-snapshot";

useTestDatabase();
useTempDataDir();

const choices = choiceSnapshot({
  "findings.secondary.hereditary_cancer": "undecided",
  "findings.secondary.other_actionable": "not_want",
  "share.industry": "no",
  "share.public_db": "no",
  "specimen.joint_research": "no",
  "recontact.research": "no",
  "recontact.frequency": "yearly",
});
const request = (now: Date) => ({ ipAddress: "127.0.0.1", userAgent: "vitest", now });

describe("proxy consent and the transfer at majority", () => {
  it("invites the participant at 18, keeps the proxy's consent until they sign, then ends the proxy's access", async () => {
    await ensurePublishedFormVersion("1.0");
    const version = await currentFormVersion(PROGRAMME_FORM_KEY);
    // Born 10 December 2008: 17 on 21 November 2026, 18 on 10 December 2026 (Japan time).
    const child = await createParticipant({ fullName: "佐藤 陽太", dateOfBirth: "2008-12-10", withAccount: false, withProxy: true });
    const proxy = child.proxy!;
    const coordinator = await createUser({ role: "coordinator" });
    const signedByProxy = await grantConsent({
      participantId: child.id,
      formVersionId: version.id,
      choices,
      printedName: proxy.fullName,
      language: "ja",
      signer: { kind: "proxy", proxyAssignmentId: proxy.assignmentId },
      actor: { userId: proxy.id, role: "proxy" },
      method: "online",
      request: request(new Date("2026-11-21T03:00:00Z")),
    });
    expect(signedByProxy.type).toBe("proxy_granted");
    expect(signedByProxy.signature?.onBehalfAs).toBe("parent");

    const dayBefore = await inviteParticipantsReachingMajority({ now: new Date("2026-12-09T14:00:00Z"), createdById: coordinator.id });
    expect(dayBefore.invited).toHaveLength(0);

    // 00:30 on 10 December in Japan is still 9 December in UTC: age is counted on the Japanese calendar.
    const birthday = new Date("2026-12-09T15:30:00Z");
    const invited = await inviteParticipantsReachingMajority({ now: birthday, createdById: coordinator.id });
    expect(invited.invited.map((entry) => entry.participantId)).toEqual([child.id]);
    const mail = await listCapturedMail({ to: child.email });
    expect(mail.some((message) => message.template === "consent-notice" && message.text.includes(`/invitation/${invited.invited[0]!.invitation.id}`))).toBe(true);
    // Running the job again does not invite twice.
    expect((await inviteParticipantsReachingMajority({ now: birthday, createdById: coordinator.id })).invited).toHaveLength(0);

    // Until the participant signs, the proxy still acts for them.
    expect((await consentSubjectsOf(proxy.id)).map((subject) => subject.participantId)).toEqual([child.id]);

    // The participant accepts the invitation (which links an account of their own) and signs.
    const adult = await createUser({ role: "participant" });
    await getDatabase().participant.update({ where: { id: child.id }, data: { userId: adult.id } });
    const ownConsent = await grantConsent({
      participantId: child.id,
      formVersionId: version.id,
      choices: { ...choices, "share.industry": "yes" },
      printedName: "佐藤　陽太",
      language: "ja-easy",
      signer: { kind: "participant" },
      actor: { userId: adult.id, role: "participant" },
      method: "online",
      request: request(new Date("2026-12-10T02:00:00Z")),
    });
    expect(ownConsent.type).toBe("transferred_at_majority");
    const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: child.id } });
    expect([state.consentedBy, state.status, (state.choices as Record<string, string>)["share.industry"]]).toEqual(["self", "active", "yes"]);
    expect(await consentSubjectsOf(proxy.id)).toEqual([]);
    expect((await consentSubjectsOf(adult.id)).map((subject) => subject.as)).toEqual(["self"]);
    const assignment = await getDatabase().proxyAssignment.findUniqueOrThrow({ where: { id: proxy.assignmentId } });
    expect(assignment.endedAt?.toISOString()).toBe("2026-12-10T02:00:00.000Z");
  }, 60_000);
});
