import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { defaultTestFacility } from "./facility-factory";
import type { CreatedUser } from "./user-factory";
import { createUser } from "./user-factory";

export interface CreatedParticipant {
  id: string;
  pseudonym: string;
  fullName: string;
  dateOfBirth: string;
  email: string;
  sampleCodes: string[];
  /** The facility the participant is enrolled at (ADR 015). */
  facilityId: string;
  /** The participant's own account, when they have one. */
  user: CreatedUser | null;
  /** The proxy's account, when one was asked for. */
  proxy: (CreatedUser & { assignmentId: string; fullName: string }) | null;
}

/**
 * A unique participant per call: identity, two samples, and (by default) a participant account. Writes rows
 * directly so tests of other parts do not depend on the enrolment screens. Enrolled at `facility` (a facility
 * or its id), by default the shared test facility every factory-made coordinator belongs to.
 */
export async function createParticipant(
  options: { fullName?: string; dateOfBirth?: string; withAccount?: boolean; withProxy?: boolean; facility?: string | { id: string } } = {},
): Promise<CreatedParticipant> {
  const db = getDatabase();
  const suffix = randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase();
  const fullName = options.fullName ?? "山田 花子";
  const dateOfBirth = options.dateOfBirth ?? "1960-04-01";
  const user = options.withAccount === false ? null : await createUser({ role: "participant" });
  const email = user?.email ?? `child-${suffix.toLowerCase()}@test.tsunagi.test`;
  const facilityId = options.facility === undefined ? (await defaultTestFacility()).id : typeof options.facility === "string" ? options.facility : options.facility.id;
  const participant = await db.participant.create({
    data: {
      pseudonym: `TGP-${suffix.slice(0, 4)}-${suffix.slice(4, 8)}`,
      facilityId,
      userId: user?.id ?? null,
      identity: { create: { fullName, dateOfBirth: new Date(`${dateOfBirth}T00:00:00Z`), email } },
      samples: { create: [{ sampleCode: `S-${suffix}-T`, kind: "tumour" }, { sampleCode: `S-${suffix}-B`, kind: "blood" }] },
    },
    include: { samples: true },
  });
  if (user) await db.user.update({ where: { id: user.id }, data: { displayName: fullName } });
  let proxy: CreatedParticipant["proxy"] = null;
  if (options.withProxy) {
    const proxyUser = await createUser({ role: "proxy" });
    const proxyName = "山田 一郎";
    await db.user.update({ where: { id: proxyUser.id }, data: { displayName: proxyName } });
    const assignment = await db.proxyAssignment.create({
      data: { participantId: participant.id, proxyUserId: proxyUser.id, fullName: proxyName, email: proxyUser.email, relationship: "parent" },
    });
    proxy = { ...proxyUser, assignmentId: assignment.id, fullName: proxyName };
  }
  return {
    id: participant.id,
    pseudonym: participant.pseudonym,
    fullName,
    dateOfBirth,
    email,
    sampleCodes: participant.samples.map((sample) => sample.sampleCode),
    facilityId,
    user,
    proxy,
  };
}
