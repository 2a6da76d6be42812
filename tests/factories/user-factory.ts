import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { hashPassword } from "../../app/domain/auth/password.server";
import { generateTotpKey } from "../../app/domain/auth/totp.server";
import { totpKeyPurpose } from "../../app/domain/auth/verify-second-factor.server";
import type { Role } from "../../app/domain/authz/roles";
import { isFacilityBound } from "../../app/domain/facilities/participant-scope";
import { seal } from "../../app/domain/security/secret-box.server";
import { addToFacilities, defaultTestFacility } from "./facility-factory";

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  totpKey: Uint8Array | null;
  /** Ids of the facilities the account belongs to (ADR 015). */
  facilityIds: string[];
}

/**
 * A unique user per call, so tests never share or mutate each other's rows. A coordinator or counsellor belongs
 * to `facilities` (facilities or their ids): by default the shared test facility, where createParticipant enrols
 * by default; `facilities: []` makes one who belongs nowhere.
 */
export async function createUser(
  options: { role?: Role; password?: string | null; withTotp?: boolean; facilities?: readonly (string | { id: string })[] } = {},
): Promise<CreatedUser> {
  const role = options.role ?? "participant";
  const password = options.password === undefined ? `pw-${randomUUID()}` : options.password;
  const totpKey = options.withTotp ? generateTotpKey() : null;
  const email = `${role}-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
  const user = await getDatabase().user.create({
    data: {
      email,
      role,
      displayName: `Test ${role}`,
      passwordHash: password ? await hashPassword(password) : null,
      totpSecretCipher: totpKey ? seal(Buffer.from(totpKey).toString("base64"), totpKeyPurpose) : null,
      totpEnabledAt: totpKey ? new Date() : null,
    },
  });
  const facilities = options.facilities ?? (isFacilityBound(role) ? [await defaultTestFacility()] : []);
  await addToFacilities(user.id, facilities);
  return { id: user.id, email, password: password ?? "", role, totpKey, facilityIds: facilities.map((facility) => (typeof facility === "string" ? facility : facility.id)) };
}

export function requestFrom(ipAddress = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return { ipAddress, userAgent: "vitest" };
}
