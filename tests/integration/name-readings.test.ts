// Issue 55 defect 8 (ADR 123): the readings the root applies over a signed-in person's やさしい日本語 pages. A name is
// read as registered at enrolment — by the participant, their proxy and a family member who follows them alike — and
// the names nobody registered a reading for (a proxy's, a family member's) are drawn plain, never guessed.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { readNameReadings } from "../../app/domain/consent/participants/read-name-readings.server";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("readNameReadings", () => {
  it("gives the participant's registered reading to them, their proxy and a family member following them; other names plain", async () => {
    const participant = await createParticipant({ fullName: "山田 三子", withProxy: true });
    const db = getDatabase();
    await db.participantIdentity.update({ where: { participantId: participant.id }, data: { fullNameKana: "やまだ みつこ" } });
    const follower = await createUser({ role: "family" });
    const invitation = await db.familyInvitation.create({
      data: {
        participantId: participant.id,
        fullName: "山田 次郎",
        email: follower.email,
        relationship: "sibling",
        scope: "updates_and_summary",
        language: "ja_easy",
        tokenHash: Buffer.from(follower.id),
        invitedById: participant.user!.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await db.familyAccess.create({ data: { participantId: participant.id, familyUserId: follower.id, invitationId: invitation.id, fullName: "山田 次郎", relationship: "sibling", scope: "updates_and_summary" } });

    const own = await readNameReadings({ id: participant.user!.id, displayName: "山田 三子" });
    expect(own).toMatchObject({ "山田 三子": "やまだ みつこ", 山田三子: "やまだみつこ", 三子: "みつこ" });
    // Their proxy's and family member's names are known and kept plain: no reading was registered for them.
    expect(own).toMatchObject({ "山田 一郎": "", 一郎: "", "山田 次郎": "", 次郎: "" });
    // A registered reading wins over a name without one, so the shared family name keeps its reading.
    expect(own["山田"]).toBe("やまだ");

    const proxy = await readNameReadings({ id: participant.proxy!.id, displayName: "山田 一郎" });
    expect(proxy).toMatchObject({ "山田 三子": "やまだ みつこ", 三子: "みつこ", "山田 一郎": "" });

    const family = await readNameReadings({ id: follower.id, displayName: "山田 次郎" });
    expect(family).toMatchObject({ "山田 三子": "やまだ みつこ", "山田 次郎": "" });

    // After a destroy-level withdrawal the reading is erased with the identity: the name is drawn plain.
    await db.participantIdentity.update({ where: { participantId: participant.id }, data: { erasedAt: new Date() } });
    expect((await readNameReadings({ id: participant.proxy!.id, displayName: "山田 一郎" }))["山田 三子"]).toBe("");
  });
});
