import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BRIDGE_ROLE, createBridgePool, type BridgePool } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase } from "../support/database";
import { issueTestToken } from "../support/pipeline-bridge";
import { consentedParticipant } from "./dashboard-fixtures";
import { useTempDataDir } from "../support/temp-data-dir";

const db = useTestDatabase();
useTempDataDir();

/** What the bridge's database role may and may not do, tried through the bridge's own connection settings. */
describe("the bridge's database role", () => {
  let pool: BridgePool;
  beforeAll(async () => {
    // Rows in every table, so a permitted read would return something worth hiding.
    await consentedParticipant();
    await createParticipant();
    await issueTestToken(["gate:analyze"]);
    pool = createBridgePool(db.url, () => undefined);
  });
  afterAll(() => pool.end());

  const refused = async (sql: string) => {
    const error = await pool.query(sql).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error, sql).toBeInstanceOf(pg.DatabaseError);
    expect((error as pg.DatabaseError).code, sql).toBe("42501"); // insufficient_privilege
  };

  it("connects as tsunagi_bridge", async () => {
    const { rows } = await pool.query<{ current_user: string }>("SELECT current_user");
    expect(rows[0]?.current_user).toBe(BRIDGE_ROLE);
  });

  it("cannot read identity, accounts, participants, the ledger, the outbox or consent state", async () => {
    for (const table of ["ParticipantIdentity", "User", "Participant", "ConsentEvent", "ConsentOutbox", "ConsentState", "Sample", "Session", "AuditEvent"]) {
      await refused(`SELECT * FROM "${table}" LIMIT 1`);
      await refused(`SELECT count(*) FROM "${table}"`);
    }
  });

  it("reads research contact times by pseudonym through app_export, the one view of the app it is given (ADR 138), and cannot change them", async () => {
    const { fields } = await pool.query(`SELECT * FROM app_export.research_contact LIMIT 1`);
    expect(fields.map((field) => field.name)).toEqual(["pseudonym", "contacted_at"]);
    // A view over a join: PostgreSQL refuses any change to it, whatever the grants.
    await expect(pool.query(`UPDATE app_export.research_contact SET contacted_at = '{}'`)).rejects.toThrow();
    await expect(pool.query(`DELETE FROM app_export.research_contact`)).rejects.toThrow();
    await refused(`SELECT * FROM "RecontactDelivery" LIMIT 1`);
  });

  it("reads only the API-token columns authentication needs, and writes only lastUsedAt", async () => {
    const { rows } = await pool.query(`SELECT "id", "name", "secretHash", "scopes", "expiresAt", "revokedAt", "lastUsedAt" FROM "ApiToken"`);
    expect(rows.length).toBeGreaterThan(0);
    await refused(`SELECT * FROM "ApiToken"`);
    await refused(`SELECT "createdById" FROM "ApiToken"`);
    await pool.query(`UPDATE "ApiToken" SET "lastUsedAt" = now()`);
    await refused(`UPDATE "ApiToken" SET "revokedAt" = NULL`);
    await refused(`UPDATE "ApiToken" SET "scopes" = ARRAY['bridge:ingest']`);
    await refused(`DELETE FROM "ApiToken"`);
  });

  it("keeps what it answered as a record: the decision log takes inserts only", async () => {
    await pool.query(
      `INSERT INTO bridge.decision_log (request_id, subject, action, allowed, reason, evaluated_at) VALUES (gen_random_uuid(), 'S-X', 'analyze', false, 'unknown_subject', now())`,
    );
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM bridge.decision_log`);
    expect(rows[0].n).toBe(1);
    await refused(`UPDATE bridge.decision_log SET allowed = true`);
    await refused(`DELETE FROM bridge.decision_log`);
    await refused(`TRUNCATE bridge.decision_log`);
  });
});
