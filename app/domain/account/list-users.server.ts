import { getDatabase, type Database } from "../../db.server";
import type { AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";

/** For admins: accounts without any secret material. Names and addresses are identifiable, so the read is logged. */
export async function listUsers(options: { reader: AuditContext }, db: Database = getDatabase()) {
  const users = await db.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      additionalRoles: true,
      disabledAt: true,
      totpEnabledAt: true,
      createdAt: true,
      // Which facilities' participants a coordinator or counsellor reaches (ADR 015).
      facilities: { select: { facilityId: true } },
    },
    take: 500,
  });
  await recordAuditEvent(
    db,
    { type: "data.identifiable_read", outcome: "success", detail: { resource: "user_list", purpose: "account_administration", rows: users.length } },
    { ...options.reader, subjectUserId: null },
  );
  return users.map(({ facilities, ...user }) => ({ ...user, facilityIds: facilities.map((membership) => membership.facilityId) }));
}
