import { disconnectDatabase } from "../../db.server";

/**
 * Closes the process's database connections (the Prisma client and the plain pool) on the way out, so a service
 * that stops leaves no session behind on the server. For processes outside app/ (the outbox relay, the app's
 * workers), which reach the database only through domain functions (ADR 029).
 */
export async function closeDatabaseConnections(): Promise<void> {
  await disconnectDatabase();
}
