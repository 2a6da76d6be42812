import { getDatabase } from "../../db.server";

export async function checkDatabase(): Promise<boolean> {
  try {
    await getDatabase().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
