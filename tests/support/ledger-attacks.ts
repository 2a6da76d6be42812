/**
 * A database superuser attacking the consent ledger (ADR 012's threat): connections as the URL's own user with
 * triggers switched off, and histories rewritten with the app's own unkeyed hash functions, so that every chain
 * inside the database is consistent and only something kept outside it can tell.
 */
import pg from "pg";
import { getDatabase } from "../../app/db.server";
import { chainHashOf, GENESIS_HASH, hashEventBody, verificationCodeOf } from "../../app/domain/consent/ledger/event-hash";
import type { LedgerEventBody, LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { recordFromRow, rowFromProjection } from "../../app/domain/consent/ledger/ledger-rows";
import { projectConsent } from "@tsunagi/consent-rules/consent-projection";
import { runOperatorCommand } from "./operator-command";

/** A connection as the URL's own user (the test server's superuser), triggers off: append-only no longer holds. */
export async function asSuperuser<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica");
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The ledger as stored, in global order. */
export async function readLedger(): Promise<LedgerEventRecord[]> {
  const rows = await getDatabase().consentEvent.findMany({ orderBy: { globalSeq: "asc" } });
  return rows.map(recordFromRow);
}

/**
 * Every event's hashes recomputed in the given order, as the app would have written them: sequence numbers by
 * position, each participant's chain and the global chain relinked. An unchanged prefix comes out unchanged.
 */
export function reseal(events: readonly LedgerEventRecord[]): LedgerEventRecord[] {
  const last = new Map<string, { hash: string; seq: number }>();
  let head = GENESIS_HASH;
  return events.map((event, index) => {
    const previous = last.get(event.participantId);
    const body: LedgerEventBody = {
      id: event.id,
      globalSeq: String(index + 1),
      participantId: event.participantId,
      participantSeq: (previous?.seq ?? 0) + 1,
      type: event.type,
      occurredAt: event.occurredAt,
      actorUserId: event.actorUserId,
      actorRole: event.actorRole,
      method: event.method,
      formVersionId: event.formVersionId,
      formVersionHash: event.formVersionHash,
      choices: event.choices,
      signature: event.signature,
      withdrawalLevel: event.withdrawalLevel,
      detail: event.detail,
      prevHash: previous?.hash ?? GENESIS_HASH,
    };
    const hash = hashEventBody(body);
    const record: LedgerEventRecord = { ...body, hash, globalPrevHash: head, chainHash: chainHashOf(head, hash), verificationCode: verificationCodeOf(hash) };
    head = record.chainHash;
    last.set(event.participantId, { hash, seq: body.participantSeq });
    return record;
  });
}

/**
 * Replaces the ledger with `events` resealed, and every participant's stored consent state with the replay of
 * theirs: a different history that passes every check made inside the database.
 */
export async function replaceHistory(url: string, events: readonly LedgerEventRecord[]): Promise<LedgerEventRecord[]> {
  const before = await readLedger();
  const sealed = reseal(events);
  await asSuperuser(url, async (client) => {
    await client.query(`DELETE FROM "ConsentEvent"`);
    for (const event of sealed) {
      await client.query(
        `INSERT INTO "ConsentEvent" ("id", "globalSeq", "participantId", "participantSeq", "type", "occurredAt", "actorUserId", "actorRole", "method",
           "formVersionId", "formVersionHash", "choices", "signature", "withdrawalLevel", "detail", "prevHash", "hash", "globalPrevHash", "chainHash", "verificationCode")
         VALUES ($1, $2, $3, $4, $5::"ConsentEventType", $6, $7, $8, $9::"ConsentMethod", $10, $11, $12::jsonb, $13::jsonb, $14::"WithdrawalLevel", $15::jsonb, $16, $17, $18, $19, $20)`,
        [
          event.id, event.globalSeq, event.participantId, event.participantSeq, event.type, event.occurredAt, event.actorUserId, event.actorRole, event.method,
          event.formVersionId, event.formVersionHash, JSON.stringify(event.choices), event.signature === null ? null : JSON.stringify(event.signature),
          event.withdrawalLevel, JSON.stringify(event.detail), event.prevHash, event.hash, event.globalPrevHash, event.chainHash, event.verificationCode,
        ],
      );
    }
  });
  const app = getDatabase();
  const participants = new Set([...before, ...sealed].map((event) => event.participantId));
  for (const participantId of participants) {
    const state = projectConsent(sealed.filter((event) => event.participantId === participantId));
    if (!state) await app.consentState.deleteMany({ where: { participantId } });
    else await app.consentState.upsert({ where: { participantId }, create: rowFromProjection(state), update: rowFromProjection(state) });
  }
  return sealed;
}

/** `npm run ledger:verify` against the test database and a data folder (its checkpoint keys and log). */
export async function runLedgerVerify(options: { databaseUrl: string; dataDir: string; args?: string[] }): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: options.databaseUrl, TSUNAGI_DATA_DIR: options.dataDir };
  delete env.LEDGER_CHECKPOINT_LOG;
  delete env.LEDGER_CHECKPOINT_KEYS_FILE;
  return runOperatorCommand("ledger-verify", options.args ?? [], env, { timeout: 60_000 });
}
