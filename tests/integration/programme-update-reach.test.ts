// Issue 29 item 6: publishing an update asks the person who publishes to confirm how many accounts it reaches. The count
// (countUpdateReaders, one SQL statement) must be the number of accounts for which the reader rule itself
// (readerAudienceOf + updateVisibleTo) says yes — checked here for every audience and area over a world with every
// kind of reader: participants with and without an account and area, current and ended proxies, live, paused and
// ended family accesses, and someone who is two of these at once.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { countUpdateReaders } from "../../app/domain/updates/count-update-readers.server";
import { readerAudienceOf } from "../../app/domain/updates/reader-audience.server";
import { programmeAreas, updateAudiences, updateVisibleTo, type ProgrammeArea, type UpdateAudience } from "../../app/domain/updates/update-audiences";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { createFamilyAccess } from "../factories/family-factory";

useTestDatabase();

async function follow(participantId: string, invitedById: string, state: "live" | "paused" | "ended", familyUserId?: string) {
  const familyUser = familyUserId ? { id: familyUserId, email: "" } : undefined;
  return (await createFamilyAccess({ participantId, invitedById, familyUser, fullName: "照合", relationship: "sibling", state })).id;
}

describe("[ELSI staff] how many an update reaches", () => {
  it("is, for every audience and area, the number of accounts the reader rule lets see it", async () => {
    const db = getDatabase();
    const accounts: string[] = [];
    const areas: (ProgrammeArea | null)[] = [...programmeAreas, null];
    for (const area of areas) {
      const withAccount = await createParticipant();
      const withProxy = await createParticipant({ withAccount: false, withProxy: true });
      const endedProxy = await createParticipant({ withAccount: false, withProxy: true });
      const noAccount = await createParticipant({ withAccount: false });
      for (const participant of [withAccount, withProxy, endedProxy, noAccount]) await db.participant.update({ where: { id: participant.id }, data: { programmeArea: area } });
      await db.proxyAssignment.update({ where: { id: endedProxy.proxy!.assignmentId }, data: { endedAt: new Date() } });
      accounts.push(withAccount.user!.id, withProxy.proxy!.id, endedProxy.proxy!.id);
      for (const state of ["live", "paused", "ended"] as const) accounts.push(await follow(withAccount.id, withAccount.user!.id, state));
      // A participant who also follows a relative in another arm: one account, counted once.
      await follow(noAccount.id, withAccount.user!.id, "live", withAccount.user!.id);
    }
    const audienceSets: UpdateAudience[][] = [];
    for (let mask = 1; mask < 1 << updateAudiences.length; mask++) audienceSets.push(updateAudiences.filter((_, index) => mask & (1 << index)));
    const readers = await Promise.all(accounts.map((userId) => readerAudienceOf(userId)));
    for (const audiences of audienceSets) {
      for (const programmeArea of areas) {
        const reach = await countUpdateReaders({ audiences, programmeArea });
        // The rule without "public" (which lets anyone see it): who finds it as a participant, proxy or family member.
        const signedIn = { audiences: audiences.filter((audience) => audience !== "public"), programmeArea };
        const expected = new Set(accounts.filter((_, index) => signedIn.audiences.length > 0 && updateVisibleTo(readers[index]!, signedIn))).size;
        expect(reach, `${audiences.join("+")} in ${programmeArea ?? "every area"}`).toEqual({ accounts: expected, public: audiences.includes("public") });
      }
    }
    // The world is not empty of the cases that matter: some updates reach accounts, an area narrows them.
    expect((await countUpdateReaders({ audiences: ["participants", "families"], programmeArea: null })).accounts).toBeGreaterThan(
      (await countUpdateReaders({ audiences: ["participants", "families"], programmeArea: "cancer" })).accounts,
    );
  });
});
