import { checkServiceLogin, type LoginInspection } from "@tsunagi/service-kit/database-login";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase } from "../../db.server";

/**
 * At the app's start: is it logged in to PostgreSQL as its own login (ADR 055)? `enforce` (production) throws when
 * not — a superuser, the schema's owner, or a login that may also act as another service's role — so a mistaken
 * DATABASE_URL stops the process instead of handing the host more than its service needs; elsewhere it warns once.
 * The relay asks through its own pool (services/outbox-relay/src/relay-database.ts, ADR 102).
 */
export async function checkDatabaseLogin(service: "app", options: { enforce: boolean; warn?: boolean }): Promise<LoginInspection> {
  const db = getDatabase();
  return checkServiceLogin({
    query: (text, values) => db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values),
    service,
    enforce: options.enforce,
    warn: options.warn === false ? undefined : (message) => serviceLogger(service).warn(message),
  });
}
