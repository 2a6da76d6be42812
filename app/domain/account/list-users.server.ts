import { getDatabase, type Database } from "../../db.server";

/** For admins: accounts without any secret material. */
export async function listUsers(db: Database = getDatabase()) {
  return db.user.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: { id: true, email: true, displayName: true, role: true, disabledAt: true, totpEnabledAt: true, createdAt: true },
    take: 500,
  });
}
