import { randomBytes, randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { createUser, type CreatedUser } from "./user-factory";

export interface FamilyAccessOptions<U extends { id: string; email: string }> {
  participantId: string;
  /** The participant's (or proxy's) account that invited. */
  invitedById: string;
  /** The family member's account; a new family account when not given. */
  familyUser?: U;
  scope?: "updates" | "updates_and_summary";
  relationship?: "spouse" | "partner" | "parent" | "child" | "sibling" | "grandparent";
  /** The name the participant gave the family member. */
  fullName?: string;
  state?: "live" | "paused" | "ended";
}

/**
 * A family member following a participant: an accepted invitation and its access, as the accepting verb writes them
 * (live, paused or ended). One definition for the tests that need a follower, instead of one copy per file.
 */
export async function createFamilyAccess<U extends { id: string; email: string } = CreatedUser>(options: FamilyAccessOptions<U>): Promise<U> {
  const db = getDatabase();
  const follower = options.familyUser ?? ((await createUser({ role: "family" })) as unknown as U);
  const fullName = options.fullName ?? "山田 さくら";
  const relationship = options.relationship ?? "child";
  const scope = options.scope ?? "updates";
  const invitation = await db.familyInvitation.create({
    data: {
      participantId: options.participantId,
      fullName,
      email: follower.email || `family-${randomUUID()}@test.tsunagi.test`,
      relationship,
      scope,
      language: "ja",
      tokenHash: randomBytes(32),
      invitedById: options.invitedById,
      expiresAt: new Date(Date.now() + 86_400_000),
      acceptedAt: new Date(),
      acceptedUserId: follower.id,
    },
  });
  await db.familyAccess.create({
    data: {
      participantId: options.participantId,
      familyUserId: follower.id,
      invitationId: invitation.id,
      fullName,
      relationship,
      scope,
      pausedAt: options.state === "paused" ? new Date() : null,
      endedAt: options.state === "ended" ? new Date() : null,
    },
  });
  return follower;
}
