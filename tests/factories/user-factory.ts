import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { hashPassword } from "../../app/domain/auth/password.server";
import { generateTotpKey } from "../../app/domain/auth/totp.server";
import { totpKeyPurpose } from "../../app/domain/auth/verify-second-factor.server";
import type { Role } from "../../app/domain/authz/roles";
import { seal } from "../../app/domain/security/secret-box.server";

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  totpKey: Uint8Array | null;
}

/** A unique user per call, so tests never share or mutate each other's rows. */
export async function createUser(options: { role?: Role; password?: string | null; withTotp?: boolean } = {}): Promise<CreatedUser> {
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
  return { id: user.id, email, password: password ?? "", role, totpKey };
}

export function requestFrom(ipAddress = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return { ipAddress, userAgent: "vitest" };
}
