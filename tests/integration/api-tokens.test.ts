import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { authenticateApiToken } from "../../app/domain/api-tokens/authenticate-api-token.server";
import { ensureApiToken } from "../../app/domain/api-tokens/ensure-api-token.server";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { listApiTokens } from "../../app/domain/api-tokens/list-api-tokens.server";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const bearer = (token: string) => `Bearer ${token}`;

async function auditRows(type: string, tokenId: string) {
  const rows = await getDatabase().auditEvent.findMany({ where: { type }, orderBy: { id: "asc" } });
  return rows.filter((row) => (row.detail as { tokenId?: string }).tokenId === tokenId);
}

describe("issuing an API token", () => {
  it("hands out the token once and keeps only the SHA-256 of its secret", async () => {
    const admin = await createUser({ role: "admin" });
    const issued = await issueApiToken({ name: "Hospital FHIR reader", scopes: ["fhir:read"], createdById: admin.id, context: { actorUserId: admin.id, ipAddress: "10.1.1.1" } });
    expect(issued.token).toMatch(/^tsg_[a-z2-9]{16}\.[a-z2-9]{32}$/);
    const secret = issued.token.split(".")[1]!;

    const row = await getDatabase().apiToken.findUniqueOrThrow({ where: { id: issued.id } });
    expect(Buffer.from(row.secretHash).toString("hex")).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify({ ...row, secretHash: undefined })).not.toContain(secret);
    expect(row.scopes).toEqual(["fhir:read"]);
    expect(row.createdById).toBe(admin.id);
    expect(row.expiresAt).toBeNull();

    const [audit] = await auditRows("api_token.issued", issued.id);
    expect(audit).toMatchObject({ actorUserId: admin.id, outcome: "success", detail: { tokenId: issued.id, name: "Hospital FHIR reader", scopes: ["fhir:read"] } });
    expect(JSON.stringify(audit?.detail)).not.toContain(secret);

    const listed = (await listApiTokens()).find((token) => token.id === issued.id);
    expect(listed).toEqual({ id: issued.id, name: "Hospital FHIR reader", scopes: ["fhir:read"], createdAt: row.createdAt, expiresAt: null, lastUsedAt: null, revokedAt: null });
  });

  it("lets the seed issue a token without a person behind it, with an expiry", async () => {
    const now = new Date("2026-05-01T00:00:00Z");
    const issued = await issueApiToken({ name: "Demo pipeline", scopes: ["gate:events", "gate:sequence", "fhir:read"], expiresInDays: 30, createdById: null, now });
    expect(issued.expiresAt).toEqual(new Date("2026-05-31T00:00:00Z"));
    // Stored in catalogue order, whatever order they were given in.
    expect(issued.scopes).toEqual(["fhir:read", "gate:sequence", "gate:events"]);
  });

  it.each([
    ["an empty name", { name: "  ", scopes: ["fhir:read"] }],
    ["no scope", { name: "x", scopes: [] }],
    ["an unknown scope", { name: "x", scopes: ["admin:everything"] }],
    ["a name of 101 characters", { name: "x".repeat(101), scopes: ["fhir:read"] }],
    ["an expiry of zero days", { name: "x", scopes: ["fhir:read"], expiresInDays: 0 }],
  ])("refuses %s and stores nothing", async (_label, input) => {
    const before = await getDatabase().apiToken.count();
    await expect(issueApiToken({ ...(input as { name: string; scopes: ["fhir:read"] }), createdById: null })).rejects.toThrow();
    expect(await getDatabase().apiToken.count()).toBe(before);
  });
});

describe("authenticating with an API token", () => {
  it("accepts the token for its scope and notes when it was last used, at most once a minute", async () => {
    const issued = await issueApiToken({ name: "reader", scopes: ["fhir:read"], createdById: null });
    const first = new Date("2030-01-01T00:00:00Z");
    expect(await authenticateApiToken({ authorization: bearer(issued.token), scope: "fhir:read", now: first })).toEqual({
      ok: true,
      token: { id: issued.id, name: "reader", scopes: ["fhir:read"] },
    });
    const lastUsed = async () => (await getDatabase().apiToken.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt;
    expect(await lastUsed()).toEqual(first);
    await authenticateApiToken({ authorization: bearer(issued.token), scope: "fhir:read", now: new Date(first.getTime() + 30_000) });
    expect(await lastUsed()).toEqual(first);
    const later = new Date(first.getTime() + 61_000);
    await authenticateApiToken({ authorization: `bearer   ${issued.token}`, scope: "fhir:read", now: later });
    expect(await lastUsed()).toEqual(later);
  });

  it("says why a request is refused: missing, malformed, unknown, revoked, expired or out of scope", async () => {
    const reader = await issueApiToken({ name: "reader", scopes: ["fhir:read"], createdById: null });
    const gate = await issueApiToken({ name: "gate", scopes: ["gate:sequence"], createdById: null });
    const expiring = await issueApiToken({ name: "short", scopes: ["fhir:read"], expiresInDays: 1, createdById: null });
    const revoked = await issueApiToken({ name: "old", scopes: ["fhir:read"], createdById: null });
    await revokeApiToken({ tokenId: revoked.id, context: {} });
    const [id, secret] = reader.token.split(".") as [string, string];
    const wrongSecret = `${id}.${secret.slice(0, -1)}${secret.endsWith("a") ? "b" : "a"}`;
    const check = (authorization: string | null) => authenticateApiToken({ authorization, scope: "fhir:read" });

    expect(await check(null)).toEqual({ ok: false, reason: "missing" });
    expect(await check("")).toEqual({ ok: false, reason: "missing" });
    expect(await check(reader.token)).toEqual({ ok: false, reason: "malformed" });
    expect(await check(`Basic ${reader.token}`)).toEqual({ ok: false, reason: "malformed" });
    expect(await check(`Bearer ${reader.token} extra`)).toEqual({ ok: false, reason: "malformed" });
    expect(await check("Bearer tsg_<script>alert(1)</script>")).toEqual({ ok: false, reason: "malformed" });
    expect(await check(`Bearer ${"tsg_" + "a".repeat(16)}.${"b".repeat(32)}`)).toEqual({ ok: false, reason: "unknown" });
    // A right id with a wrong secret looks exactly like an id that does not exist.
    expect(await check(bearer(wrongSecret))).toEqual({ ok: false, reason: "unknown" });
    expect(await check(bearer(revoked.token))).toEqual({ ok: false, reason: "revoked", tokenId: revoked.id });
    expect(await authenticateApiToken({ authorization: bearer(expiring.token), scope: "fhir:read", now: new Date(Date.now() + 2 * 86_400_000) })).toEqual({
      ok: false,
      reason: "expired",
      tokenId: expiring.id,
    });
    expect(await check(bearer(gate.token))).toEqual({ ok: false, reason: "scope", tokenId: gate.id });
    expect((await getDatabase().apiToken.findUniqueOrThrow({ where: { id: reader.id } })).lastUsedAt).toBeNull();
  });
});

describe("revoking an API token", () => {
  it("stops the token at once, is audited once, and a second revocation changes nothing", async () => {
    const admin = await createUser({ role: "admin" });
    const issued = await issueApiToken({ name: "to revoke", scopes: ["fhir:read"], createdById: admin.id });
    expect((await authenticateApiToken({ authorization: bearer(issued.token), scope: "fhir:read" })).ok).toBe(true);

    expect(await revokeApiToken({ tokenId: issued.id, context: { actorUserId: admin.id } })).toEqual({ revoked: true });
    expect(await authenticateApiToken({ authorization: bearer(issued.token), scope: "fhir:read" })).toMatchObject({ ok: false, reason: "revoked" });
    expect(await revokeApiToken({ tokenId: issued.id, context: { actorUserId: admin.id } })).toEqual({ revoked: false });

    const audits = await auditRows("api_token.revoked", issued.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.actorUserId).toBe(admin.id);
    expect((await listApiTokens()).find((token) => token.id === issued.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it("refuses an id that names no token", async () => {
    await expect(revokeApiToken({ tokenId: "nosuchtokenxxxxx", context: {} })).rejects.toEqual(new AppError("not_found"));
  });
});

describe("the demo seed's token", () => {
  it("is kept across runs while it works, and replaced when it was revoked or its scopes no longer fit", async () => {
    const first = await ensureApiToken({ name: "Demo FHIR reader", scopes: ["fhir:read"] });
    expect(first.reused).toBe(false);
    expect(await ensureApiToken({ existingToken: first.token, name: "Demo FHIR reader", scopes: ["fhir:read"] })).toEqual({ ...first, reused: true });

    const widened = await ensureApiToken({ existingToken: first.token, name: "Demo FHIR reader", scopes: ["fhir:read", "gate:events"] });
    expect(widened.reused).toBe(false);
    await revokeApiToken({ tokenId: widened.id, context: {} });
    const replaced = await ensureApiToken({ existingToken: widened.token, name: "Demo FHIR reader", scopes: ["fhir:read", "gate:events"] });
    expect(replaced.reused).toBe(false);
    expect((await authenticateApiToken({ authorization: `Bearer ${replaced.token}`, scope: "gate:events" })).ok).toBe(true);
    expect((await ensureApiToken({ existingToken: "not a token", name: "Demo FHIR reader", scopes: ["fhir:read"] })).reused).toBe(false);
  });
});
