// Prisma 7 configuration, read by the prisma CLI (generate, migrate deploy/status, studio).
// Our own tools (scripts/migrate.ts, prisma/generate.ts) use the same paths.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { APP_DATABASE, EMBEDDED_PASSWORD, EMBEDDED_USER } from "./scripts/lib/postgres";

/**
 * DATABASE_URL, or else the embedded development server (`npm run db:migrate` / `npm start` start it under
 * TSUNAGI_DATA_DIR on EMBEDDED_POSTGRES_PORT), so `prisma migrate status` or `prisma studio` work locally too.
 */
function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const port = process.env.EMBEDDED_POSTGRES_PORT || "54329";
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${APP_DATABASE}`;
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "migrations"),
    seed: "tsx scripts/seed.ts",
  },
  datasource: {
    url: databaseUrl(),
  },
});
