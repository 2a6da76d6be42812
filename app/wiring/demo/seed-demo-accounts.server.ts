import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import { getDatabase, type Database } from "../../db.server";
import { roles, staffRoles, type Role } from "../../domain/authz/index";
import { hashPassword } from "../../domain/auth/index.server";
import { generateTotpKey } from "../../domain/auth/index.server";
import { totpKeyPurpose } from "../../domain/auth/index.server";
import { seal } from "../../domain/security/index.server";
import type { DemoAccount } from "./demo-file";
import { seedDemoMemberships } from "./seed-demo-facilities.server";

const displayNames: Record<Role, string> = {
  participant: "山田 花子",
  proxy: "佐藤 健一",
  family: "山田 太郎",
  panel_member: "鈴木 美咲",
  applicant: "高橋 研究員",
  coordinator: "田中 コーディネーター",
  counsellor: "伊藤 カウンセラー",
  elsi_staff: "渡辺 ELSI",
  dac_secretariat: "中村 事務局",
  dac_chair: "小林 委員長",
  dac_expert: "木村 有識者",
  admin: "加藤 管理者",
};

export function demoEmail(role: Role): string {
  return `${role.replace(/_/g, "-")}@demo.tsunagi.test`;
}

function newDemoPassword(): string {
  // Random per installation: a demo must not ship a password that is the same on every machine.
  return `demo-${randomBytes(9).toString("base64url")}`;
}

/**
 * One account per role. An account that exists keeps its credentials when they are known from an earlier
 * demo.json; otherwise (first run, or demo.json deleted) fresh ones are set, so the file always works. Staff
 * accounts are added to their demo facilities, and each lists the facilities it belongs to.
 */
export async function seedDemoAccounts(known: DemoAccount[], db: Database = getDatabase()): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const role of roles) {
    const email = demoEmail(role);
    const previous = known.find((account) => account.role === role && account.email === email);
    const staff = staffRoles.includes(role);
    const existing = await db.user.findUnique({ where: { email } });
    if (existing && previous && (!staff || previous.totpSecret)) {
      const { facilities: _listed, ...kept } = previous;
      accounts.push(kept);
      continue;
    }
    const password = previous?.password ?? newDemoPassword();
    const totpKey = staff ? (previous?.totpSecret ? decodeBase32IgnorePadding(previous.totpSecret) : generateTotpKey()) : null;
    const credentials = {
      passwordHash: await hashPassword(password),
      totpSecretCipher: totpKey ? seal(Buffer.from(totpKey).toString("base64"), totpKeyPurpose) : null,
      totpEnabledAt: totpKey ? new Date() : null,
      totpLastUsedStep: null,
    };
    await db.user.upsert({
      where: { email },
      create: { email, role, displayName: displayNames[role], ...credentials },
      update: { role, disabledAt: null, ...credentials },
    });
    accounts.push({
      role,
      email,
      displayName: displayNames[role],
      password,
      ...(totpKey ? { totpSecret: encodeBase32UpperCaseNoPadding(totpKey) } : {}),
    });
  }
  const memberOf = await seedDemoMemberships(accounts, db);
  return accounts.map((account) => (staffRoles.includes(account.role) ? { ...account, facilities: memberOf.get(account.email) ?? [] } : account));
}
