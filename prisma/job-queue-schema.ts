import { Logger, runMigrations } from "graphile-worker";
import pg from "pg";
import { JOB_QUEUE_SCHEMA, SERVICE_ROLES } from "@tsunagi/service-kit/database-login";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { withClient } from "./pg-client";

const log = serviceLogger("app");

/** graphile-worker's own lines while it migrates its schema: warnings and errors through the logger, the rest at debug. */
const migrationLogger = new Logger((scope) => (level, message) => {
  const fields = { component: "jobs", ...(scope.label ? { label: scope.label } : {}) };
  if (level === "error") log.error(fields, message);
  else if (level === "warning") log.warn(fields, message);
  else log.debug(fields, message);
});

/**
 * Installs (or upgrades) graphile-worker's own schema, then lets the application role use it. Called wherever the
 * app's migrations are applied (migrations-engine.ts applyMigrations), as the migrating user, so a database that has
 * the app's tables always has the queue too and nothing can enqueue into a missing schema.
 *
 * graphile-worker enables row-level security on its tables with no policy, which shuts out every role but the
 * owner. The app runs as `tsunagi_app` (ADR 002), not the owner: it enqueues inside its own transactions, the
 * worker runs as it, and /staff/jobs reads and reschedules jobs. A policy for that role alone opens the tables to
 * it and to nobody else.
 */
export async function installJobQueueSchema(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: migrationLogger, schema: JOB_QUEUE_SCHEMA });
  await withClient(databaseUrl, async (client) => {
    const role = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [SERVICE_ROLES.app]);
    if (role.rowCount === 0) return; // migrations of an early test that stops before the role exists
    const schema = pg.escapeIdentifier(JOB_QUEUE_SCHEMA);
    const app = pg.escapeIdentifier(SERVICE_ROLES.app);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${app}`);
    await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${app}`);
    // Its migrations table is the migrator's business only.
    await client.query(`REVOKE INSERT, UPDATE, DELETE ON ${schema}.migrations FROM ${app}`);
    const tables = await client.query<{ tablename: string }>(
      `SELECT c.relname AS tablename FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relrowsecurity
          AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = n.nspname AND p.tablename = c.relname AND p.policyname = 'tsunagi_app_all')`,
      [JOB_QUEUE_SCHEMA],
    );
    for (const { tablename } of tables.rows) {
      await client.query(`CREATE POLICY tsunagi_app_all ON ${schema}.${pg.escapeIdentifier(tablename)} TO ${app} USING (true) WITH CHECK (true)`);
    }
  });
}
