import { checkServiceLogin, type LoginInspection } from "@tsunagi/service-kit/database-login";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { getDatabase, type Database } from "../../db.server";
import { openRelayDatabase } from "../consent/index.server";

/**
 * At a service's start: is it logged in to PostgreSQL as its own login (ADR 055)? `enforce` (production) throws when
 * not — a superuser, the schema's owner, or a login that may also act as another service's role — so a mistaken
 * DATABASE_URL stops the process instead of handing the host more than its service needs; elsewhere it warns once.
 * The app asks through its own client; the relay through the client it will deliver with (`databaseUrl`).
 */
export async function checkDatabaseLogin(service: "app" | "relay", options: { enforce: boolean; warn?: boolean; databaseUrl?: string }): Promise<LoginInspection> {
  const relay = service === "relay" ? openRelayDatabase(options.databaseUrl ?? requiredUrl()) : undefined;
  const db: Database = relay?.db ?? getDatabase();
  try {
    return await checkServiceLogin({
      query: (text, values) => db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values),
      service,
      enforce: options.enforce,
      warn: options.warn === false ? undefined : (message) => serviceLogger(service).warn(message),
    });
  } finally {
    await relay?.close();
  }
}

function requiredUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set.");
  return url;
}
