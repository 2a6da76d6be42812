import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = PrismaClient;
/** The client handed to a `$transaction` callback; domain functions accept either. */
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * The application runs as this role (created by the consent-ledger migration), whatever user DATABASE_URL names:
 * it cannot UPDATE or DELETE consent events, consent documents or the audit log. Migrations run as the URL's user.
 */
export const APPLICATION_ROLE = "tsunagi_app";

let client: PrismaClient | undefined;
let clientUrl: string | undefined;

/** The process-wide Prisma client. Only app/domain/ may import this; routes call domain functions. */
export function getDatabase(): PrismaClient {
  const url = process.env.DATABASE_URL ?? getEnv().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides PostgreSQL.");
  }
  // Tests point DATABASE_URL at a fresh database per file; follow it rather than keep a stale pool.
  if (!client || clientUrl !== url) {
    void client?.$disconnect();
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, options: `-c role=${APPLICATION_ROLE}` }) });
    clientUrl = url;
  }
  return client;
}

export async function disconnectDatabase(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  clientUrl = undefined;
}
