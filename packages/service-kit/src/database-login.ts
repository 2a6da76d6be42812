/**
 * One database role per service, and one login per service (ADR 055). The migrations make the roles, which hold the
 * grants; each service connects with a LOGIN role that is a member of its own role only and switches to it
 * (`-c role=…`), so the credentials on a host reach only what that host's service needs. These are the role names the
 * migrations create (tests/integration/service-logins.test.ts holds the two to each other).
 */
export const SERVICE_ROLES = {
  /** The web app, its job queue worker, the ledger checkpointer and the scheduled jobs. */
  app: "tsunagi_app",
  /** The outbox relay: reads the outboxes, stamps deliveries. */
  relay: "tsunagi_relay",
  /** The pipeline bridge: its own schema and the API-token columns it authenticates with. */
  bridge: "tsunagi_bridge",
} as const;

export type DatabaseService = keyof typeof SERVICE_ROLES;

/** graphile-worker's schema: made by the migrations (prisma/job-queue-schema.ts), worked by the app's job runner. */
export const JOB_QUEUE_SCHEMA = "graphile_worker";

/** What a connection's login may do beyond its service's role. */
export interface LoginInspection {
  /** `session_user`: the role the connection logged in as (unchanged by `SET ROLE`). */
  login: string;
  superuser: boolean;
  /** It owns the migrated schema (it can alter or drop every table). */
  ownsSchema: boolean;
  /** The other services' roles it may act as. */
  otherServices: DatabaseService[];
}

export type QueryRows = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

const INSPECT_LOGIN = `
  SELECT session_user::text AS login, r.rolsuper AS superuser,
         COALESCE((SELECT pg_has_role(session_user, c.relowner, 'MEMBER') FROM pg_class c
                    WHERE c.oid = to_regclass('public._prisma_migrations')), false) AS owns_schema,
         ARRAY(SELECT g.rolname::text FROM pg_roles g
                WHERE g.rolname = ANY($1::text[]) AND pg_has_role(session_user, g.oid, 'MEMBER') ORDER BY 1) AS roles
    FROM pg_roles r WHERE r.rolname = session_user`;

/** Asks the server what the connection's login is and may become. */
export async function inspectLogin(query: QueryRows, service: DatabaseService): Promise<LoginInspection> {
  const others = (Object.keys(SERVICE_ROLES) as DatabaseService[]).filter((other) => other !== service);
  const rows = await query(INSPECT_LOGIN, [others.map((other) => SERVICE_ROLES[other])]);
  const row = rows[0];
  if (!row) throw new Error("Cannot inspect this connection's login (no pg_roles row for session_user).");
  const roles = row.roles as string[];
  return {
    login: String(row.login),
    superuser: row.superuser === true,
    ownsSchema: row.owns_schema === true,
    otherServices: others.filter((other) => roles.includes(SERVICE_ROLES[other])),
  };
}

/** Why this login is not the service's own, or null when it is. */
export function loginProblem(inspection: LoginInspection, service: DatabaseService): string | null {
  if (inspection.superuser) return `${service} connects to PostgreSQL as ${inspection.login}, a superuser`;
  if (inspection.ownsSchema) return `${service} connects to PostgreSQL as ${inspection.login}, which owns the schema the migrations made`;
  if (inspection.otherServices.length > 0) {
    return `${service} connects to PostgreSQL as ${inspection.login}, which may also act as ${inspection.otherServices.map((other) => SERVICE_ROLES[other]).join(" and ")}`;
  }
  return null;
}

/**
 * Checks at a service's start that it logged in as its own login (ADR 055). `enforce` (production) refuses to start
 * otherwise; elsewhere — a developer's machine — it says so once through `warn`, and the tests, which connect as the
 * database's owner on purpose, pass no `warn`.
 */
export async function checkServiceLogin(options: {
  query: QueryRows;
  service: DatabaseService;
  enforce: boolean;
  warn?: (message: string) => void;
}): Promise<LoginInspection> {
  const inspection = await inspectLogin(options.query, options.service);
  const problem = loginProblem(inspection, options.service);
  if (problem) {
    const remedy = `give it a login of its own, a member of ${SERVICE_ROLES[options.service]} only (npm run db:logins; ADR 055)`;
    if (options.enforce) throw new Error(`${problem}: ${remedy}.`);
    options.warn?.(`${problem}; in production it would refuse to start: ${remedy}`);
  }
  return inspection;
}
