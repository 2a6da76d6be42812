import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "./env.server";
import { PrismaClient } from "./generated/prisma/client";

export type Database = PrismaClient;
/** The client handed to a `$transaction` callback; domain functions accept either. */
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

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
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    clientUrl = url;
  }
  return client;
}

export async function disconnectDatabase(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  clientUrl = undefined;
}
