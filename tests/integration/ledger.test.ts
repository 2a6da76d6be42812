import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { recordAuditEvent } from "../../app/domain/kernel/record-audit-event.server";
import type { ChoiceSnapshot } from "@tsunagi/consent-rules/choice-catalogue";
import { publishFormVersion } from "../../app/domain/consent/forms/publish-form-version.server";
import { appendConsentEvent, type NewConsentEvent } from "../../app/domain/consent/ledger/append-consent-event.server";
import { lockParticipantConsent } from "../../app/domain/consent/ledger/lock-participant-consent.server";
import type { ConsentEventType } from "@tsunagi/consent-rules/ledger-event";
import { projectionFromRow, recordFromRow } from "../../app/domain/consent/ledger/ledger-rows";
import { verifyLedger } from "../../app/domain/consent/ledger/verify-ledger.server";
import { projectConsent } from "@tsunagi/consent-rules/consent-projection";
import { createParticipant } from "../factories/participant-factory";
import { useTestDatabase, type TestDatabase } from "../support/database";
import { runOperatorCommand } from "../support/operator-command";

const programme = ["DUO:0000006", "DUO:0000007"];
const allYes: ChoiceSnapshot = { "core.wgs": "yes", "return.primary": "yes", "share.academia": "yes", "share.industry": "yes", "findings.secondary.hereditary_cancer": "want" };
const signedTypes: ConsentEventType[] = ["granted", "reconsented", "proxy_granted", "transferred_at_majority"];

let tick = Date.parse("2026-05-01T00:00:00.000Z");

/** One consent change, committed on its own the way a domain verb commits it. */
async function record(participantId: string, type: ConsentEventType, options: Partial<NewConsentEvent> & { printedName?: string } = {}) {
  const occurredAt = new Date((tick += 60_001));
  const { printedName = "山田 花子", ...rest } = options;
  const signed = signedTypes.includes(type);
  return getDatabase().$transaction(async (tx) =>
    appendConsentEvent(tx, await lockParticipantConsent(tx, participantId, { now: occurredAt }), {
      type,
      actorUserId: null,
      actorRole: signed ? "participant" : "coordinator",
      method: signed ? "online" : "system",
      choices: allYes,
      signature: signed ? { printedName, signedAt: occurredAt.toISOString(), statement: "全ゲノム解析に参加することに同意します。", language: "ja" } : null,
      detail: signed ? { permittedPurposes: programme } : {},
      ...rest,
    }),
  );
}

/** About twenty events over five participants, interleaved as a real ledger is. Returns every event id in order. */
async function buildLedger(): Promise<{ ids: string[]; participants: string[] }> {
  const participants = await Promise.all([0, 1, 2, 3, 4].map(async () => (await createParticipant()).id));
  const names = ["山田 花子", "佐藤 太郎", "鈴木 一郎", "Jane Smith", "高橋 美咲"];
  const ids: string[] = [];
  const add = async (who: number, type: ConsentEventType, options: Partial<NewConsentEvent> = {}) =>
    ids.push((await record(participants[who]!, type, { printedName: names[who], ...options })).event.id);
  for (const who of [0, 1, 2, 3, 4]) await add(who, "granted");
  await add(0, "choices_changed", { choices: { ...allYes, "share.industry": "no" } });
  await add(2, "assent");
  await add(1, "reconsent_requested", { detail: { interimRule: "pause_new_uses", pendingFormVersionId: participants[0] } });
  await add(3, "withdrawn", { withdrawalLevel: "no_contact" });
  await add(1, "reconsented", { choices: { ...allYes, "share.international": "no" } });
  await add(4, "choices_changed", { choices: { "core.wgs": "yes" } });
  await add(0, "choices_changed", { choices: { ...allYes, "recontact.research": "no" } });
  await add(3, "withdrawn", { withdrawalLevel: "no_further_use" });
  await add(2, "withdrawn", { withdrawalLevel: "destroy", choices: {} });
  await add(4, "reconsent_requested", { detail: { interimRule: "continue_previous", pendingFormVersionId: participants[0] } });
  await add(1, "choices_changed", { choices: { ...allYes, "findings.secondary.hereditary_cancer": "undecided" } });
  await add(0, "assent");
  await add(4, "reconsented");
  await add(3, "granted");
  await add(1, "withdrawn", { withdrawalLevel: "no_contact" });
  return { ids, participants };
}

/** A connection as the URL's own user: the test server's superuser, not the application's role. */
async function asSuperuser<T>(db: TestDatabase, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}


/** `npm run ledger:verify` against the test database: its exit code and what it printed. */
async function runLedgerVerify(db: TestDatabase): Promise<{ code: number; output: string }> {
  // This database has no checkpoints (ledger-checkpoints.test.ts covers them): a log that does not exist, not the
  // one `npm start` keeps in .data/ for the development database.
  const env = { ...process.env, DATABASE_URL: db.url, LEDGER_CHECKPOINT_LOG: path.join(tmpdir(), `tsunagi-${db.name}-no-checkpoints.jsonl`) };
  return runOperatorCommand("ledger-verify", [], env, { timeout: 60_000 });
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? "")}` : String(error);
  }
  return "no error";
}

// ---------------------------------------------------------------------------------------------------------------

describe("the ledger is append-only", () => {
  const db = useTestDatabase();

  it("the application's role can neither change nor remove history: events, consent copies, scans, the audit log", async () => {
    const participant = await createParticipant();
    const { event } = await record(participant.id, "granted");
    const app = getDatabase();
    await app.consentDocument.create({ data: { eventId: event.id, language: "ja", pdf: Buffer.from("%PDF-1.7 test"), sha256: "00".repeat(32) } });
    await app.paperConsentScan.create({
      data: { eventId: event.id, fileName: "scan.pdf", contentType: "application/pdf", content: Buffer.from("scan"), sha256: "11".repeat(32), uploadedById: participant.user!.id },
    });
    await recordAuditEvent(app, { type: "consent.recorded", outcome: "success", detail: { participantId: participant.id, eventId: event.id, eventType: "granted", method: "online" } }, {});

    expect(await app.$queryRaw<{ role: string }[]>`SELECT current_user AS role`).toEqual([{ role: "tsunagi_app" }]);
    for (const table of ["ConsentEvent", "ConsentDocument", "PaperConsentScan", "AuditEvent"]) {
      for (const statement of [`UPDATE "${table}" SET "${table === "AuditEvent" ? "type" : "sha256"}" = 'x'`, `DELETE FROM "${table}"`, `TRUNCATE "${table}" CASCADE`]) {
        const sql = table === "ConsentEvent" ? statement.replace('"sha256"', '"actorRole"') : statement;
        expect(await errorOf(app.$executeRawUnsafe(sql)), sql).toMatch(new RegExp(`permission denied for table ${table}`));
      }
    }
    expect(await errorOf(app.consentEvent.update({ where: { id: event.id }, data: { actorRole: "admin" } }))).toMatch(/permission denied/);
    expect(await errorOf(app.consentEvent.deleteMany({ where: { participantId: participant.id } }))).toMatch(/permission denied/);
    expect(await errorOf(app.auditEvent.deleteMany({}))).toMatch(/permission denied/);

    // Nothing changed.
    expect((await app.consentEvent.findUniqueOrThrow({ where: { id: event.id } })).actorRole).toBe("participant");
    expect(await app.consentDocument.count({ where: { eventId: event.id } })).toBe(1);
    expect(await app.auditEvent.count({ where: { type: "consent.recorded" } })).toBe(1);
    expect(await verifyLedger()).toMatchObject({ ok: true, events: 1 });
  });

  it("even a superuser is refused by the trigger, unless triggers are switched off", async () => {
    const participant = await createParticipant();
    const { event } = await record(participant.id, "granted");
    await getDatabase().consentDocument.create({ data: { eventId: event.id, language: "en", pdf: Buffer.from("%PDF"), sha256: "22".repeat(32) } });
    await asSuperuser(db, async (client) => {
      expect((await client.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).rows[0]?.rolsuper).toBe(true);
      for (const sql of [
        `UPDATE "ConsentEvent" SET "actorRole" = 'admin' WHERE id = '${event.id}'`,
        `DELETE FROM "ConsentEvent" WHERE id = '${event.id}'`,
        `TRUNCATE "ConsentEvent" CASCADE`,
        `UPDATE "ConsentDocument" SET sha256 = 'x' WHERE "eventId" = '${event.id}'`,
        `DELETE FROM "ConsentDocument" WHERE "eventId" = '${event.id}'`,
      ]) {
        const error = await client.query(sql).then(
          () => null,
          (caught: unknown) => caught as { code?: string; message: string },
        );
        expect(error?.message, sql).toMatch(/append-only: (UPDATE|DELETE|TRUNCATE) refused/);
        expect(error?.code, sql).toBe("42501");
      }
    });
    expect(await getDatabase().consentEvent.count({ where: { id: event.id } })).toBe(1);
  });
});

describe("tampering as a superuser with triggers off", () => {
  const db = useTestDatabase();
  let ids: string[] = [];
  beforeAll(async () => {
    ({ ids } = await buildLedger());
  });

  it("one changed character in one event of twenty is named by verifyLedger and by npm run ledger:verify", async () => {
    expect(ids).toHaveLength(20);
    const intact = await verifyLedger();
    expect(intact).toMatchObject({ ok: true, events: 20 });
    const clean = await runLedgerVerify(db);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toContain("Ledger intact: 20 events verified");
    expect(clean.output).toContain(intact.ok ? intact.head : "?");

    const target = ids[9]!; // participant 1's re-consent, signed "佐藤 太郎"
    const tamper = (sql: string, values: unknown[]) =>
      asSuperuser(db, async (client) => {
        await client.query("SET session_replication_role = replica");
        const result = await client.query(sql, values);
        expect(result.rowCount).toBe(1);
      });

    const signature = await getDatabase().consentEvent.findUniqueOrThrow({ where: { id: target }, select: { signature: true } });
    expect(signature.signature).toMatchObject({ printedName: "佐藤 太郎" });
    await tamper(`UPDATE "ConsentEvent" SET signature = jsonb_set(signature, '{printedName}', to_jsonb($2::text)) WHERE id = $1`, [target, "佐藤 大郎"]);
    expect(await verifyLedger()).toMatchObject({ ok: false, eventId: target, globalSeq: "10", problem: "hash_mismatch" });
    const broken = await runLedgerVerify(db);
    expect(broken.code, broken.output).toBe(1);
    expect(broken.output).toContain(`Ledger broken at event ${target} (global #10`);

    // Put the name back: the ledger verifies again, so the verdict was about that one character.
    await tamper(`UPDATE "ConsentEvent" SET signature = jsonb_set(signature, '{printedName}', to_jsonb($2::text)) WHERE id = $1`, [target, "佐藤 太郎"]);
    expect(await verifyLedger()).toEqual(intact);

    const choiceTarget = ids[7]!;
    await tamper(`UPDATE "ConsentEvent" SET choices = jsonb_set(choices, '{share.industry}', '"no"') WHERE id = $1`, [choiceTarget]);
    expect(await verifyLedger()).toMatchObject({ ok: false, eventId: choiceTarget, problem: "hash_mismatch" });
    const brokenChoice = await runLedgerVerify(db);
    expect(brokenChoice.code).toBe(1);
    expect(brokenChoice.output).toContain(choiceTarget);
    await tamper(`UPDATE "ConsentEvent" SET choices = jsonb_set(choices, '{share.industry}', '"yes"') WHERE id = $1`, [choiceTarget]);
    expect(await verifyLedger()).toEqual(intact);
  }, 120_000);

  it("an emptied detail or choice set stored as JSON null is not mistaken for {}", async () => {
    const verdict = await verifyLedger();
    expect(verdict.ok).toBe(true);
    const rows = await getDatabase().consentEvent.findMany({ orderBy: { globalSeq: "asc" } });
    const withEmptyDetail = rows.find((row) => JSON.stringify(row.detail) === "{}")!;
    const withEmptyChoices = rows.find((row) => JSON.stringify(row.choices) === "{}")!;
    for (const [column, row] of [["detail", withEmptyDetail], ["choices", withEmptyChoices]] as const) {
      await asSuperuser(db, async (client) => {
        await client.query("SET session_replication_role = replica");
        await client.query(`UPDATE "ConsentEvent" SET "${column}" = 'null'::jsonb WHERE id = $1`, [row.id]);
      });
      expect(await verifyLedger(), column).toMatchObject({ ok: false, eventId: row.id, problem: "hash_mismatch" });
      await asSuperuser(db, async (client) => {
        await client.query("SET session_replication_role = replica");
        await client.query(`UPDATE "ConsentEvent" SET "${column}" = '{}'::jsonb WHERE id = $1`, [row.id]);
      });
      expect(await verifyLedger()).toEqual(verdict);
    }
  });

});

describe("deleting an event as a superuser with triggers off", () => {
  const db = useTestDatabase();

  it("breaks the chains at the event after it", async () => {
    const { ids } = await buildLedger();
    await asSuperuser(db, async (client) => {
      await client.query("SET session_replication_role = replica");
      await client.query(`DELETE FROM "ConsentEvent" WHERE id = $1`, [ids[4]]);
    });
    expect(await verifyLedger()).toMatchObject({ ok: false, eventId: ids[5], problem: "global_sequence_gap" });
  });
});

describe("appending under load", () => {
  useTestDatabase();

  it("twenty transactions at once over five participants leave one unbroken global chain and five participant chains", async () => {
    const participants = await Promise.all([0, 1, 2, 3, 4].map(async () => (await createParticipant()).id));
    await Promise.all(participants.map((id) => record(id, "granted")));
    const kinds: ConsentEventType[] = ["choices_changed", "assent", "reconsented", "choices_changed"];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        record(participants[index % 5]!, kinds[index % kinds.length]!, { choices: { ...allYes, "share.industry": index % 2 ? "yes" : "no" } }),
      ),
    );
    expect(results).toHaveLength(20);

    const rows = await getDatabase().consentEvent.findMany({ orderBy: { globalSeq: "asc" } });
    expect(rows.map((row) => Number(row.globalSeq))).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
    for (const id of participants) {
      const own = rows.filter((row) => row.participantId === id);
      expect(own.map((row) => row.participantSeq)).toEqual([1, 2, 3, 4, 5]);
      const state = await getDatabase().consentState.findUniqueOrThrow({ where: { participantId: id } });
      expect(state.version).toBe(5);
      expect(state.lastEventId).toBe(own.at(-1)!.id);
    }
    expect(await verifyLedger()).toMatchObject({ ok: true, events: 25, head: rows.at(-1)!.chainHash });
  }, 60_000);
});

describe("ConsentState, the projection", () => {
  useTestDatabase();

  it("equals the replay of each participant's events, and a changed or missing state row is reported", async () => {
    const { participants } = await buildLedger();
    const app = getDatabase();
    for (const participantId of participants) {
      const events = await app.consentEvent.findMany({ where: { participantId }, orderBy: { participantSeq: "asc" } });
      const stored = await app.consentState.findUniqueOrThrow({ where: { participantId } });
      expect(projectionFromRow(stored)).toEqual(projectConsent(events.map(recordFromRow)));
    }
    expect(await verifyLedger()).toMatchObject({ ok: true });

    // The application's role may write ConsentState (appendConsentEvent does), so the verifier must catch edits to it.
    const victim = participants[1]!;
    const before = await app.consentState.findUniqueOrThrow({ where: { participantId: victim } });
    expect(before.choices).toMatchObject({ "findings.secondary.hereditary_cancer": "undecided" });
    const want = { ...(before.choices as object), "findings.secondary.hereditary_cancer": "want" };
    await app.consentState.update({ where: { participantId: victim }, data: { choices: want } });
    expect(await verifyLedger()).toMatchObject({ ok: false, participantId: victim, problem: "projection_mismatch" });
    await app.consentState.update({ where: { participantId: victim }, data: { choices: before.choices as object } });
    expect(await verifyLedger()).toMatchObject({ ok: true });

    await app.consentState.update({ where: { participantId: victim }, data: { status: "active" } });
    expect(await verifyLedger()).toMatchObject({ ok: false, participantId: victim, problem: "projection_mismatch" });
    await app.consentState.update({ where: { participantId: victim }, data: { status: before.status } });

    await app.consentState.delete({ where: { participantId: victim } });
    expect(await verifyLedger()).toMatchObject({ ok: false, participantId: victim, problem: "projection_mismatch" });
    await app.consentState.create({ data: { ...before, choices: before.choices as object, provision: before.provision as object, lifeEvent: before.lifeEvent ?? undefined } });
    expect(await verifyLedger()).toMatchObject({ ok: true, events: 20 });
  });
});

describe("consent form versions", () => {
  const db = useTestDatabase();
  const content = JSON.parse(readFileSync(new URL("../../prisma/seed-data/consent-forms/wgs-cancer-1.0.json", import.meta.url), "utf8")) as object;

  it("a draft can be edited and deleted; once published, nobody can change or delete it", async () => {
    const app = getDatabase();
    const draft = await app.consentFormVersion.create({ data: { formKey: "ledger-test", version: "1.0", kind: "major", content, effectiveDate: new Date("2026-04-01") } });
    await app.consentFormVersion.update({ where: { id: draft.id }, data: { effectiveDate: new Date("2026-04-02") } });
    const doomed = await app.consentFormVersion.create({ data: { formKey: "ledger-test", version: "0.9", kind: "minor", content, effectiveDate: new Date("2026-04-01") } });
    await app.consentFormVersion.delete({ where: { id: doomed.id } });
    expect(await app.consentFormVersion.count({ where: { formKey: "ledger-test" } })).toBe(1);

    const { contentHash } = await publishFormVersion({ formVersionId: draft.id, publishedById: null, actorRole: "elsi_staff", context: {} });
    const published = await app.consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } });
    expect(published).toMatchObject({ status: "published", contentHash });

    const frozen = new RegExp(`consent form version ${draft.id} is published and cannot be changed`);
    expect(await errorOf(app.consentFormVersion.update({ where: { id: draft.id }, data: { content: { ...content, version: "1.1" } } }))).toMatch(frozen);
    expect(await errorOf(app.consentFormVersion.update({ where: { id: draft.id }, data: { status: "draft" } }))).toMatch(frozen);
    expect(await errorOf(app.consentFormVersion.delete({ where: { id: draft.id } }))).toMatch(frozen);
    await asSuperuser(db, async (client) => {
      expect(await client.query(`UPDATE "ConsentFormVersion" SET "contentHash" = 'x' WHERE id = $1`, [draft.id]).then(() => "changed", (error: Error) => error.message)).toMatch(frozen);
      expect(await client.query(`DELETE FROM "ConsentFormVersion" WHERE id = $1`, [draft.id]).then(() => "deleted", (error: Error) => error.message)).toMatch(frozen);
    });
    expect(await app.consentFormVersion.findUniqueOrThrow({ where: { id: draft.id } })).toEqual(published);
  });
});
