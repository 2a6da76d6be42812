// Issue 15 item 6 (ADR 043): GA4GH Passport v1.2 ControlledAccessGrants visas, fetched over HTTP from the real app
// server by a signed-in applicant and verified with jose against the JWKS the same server publishes.
import { statSync } from "node:fs";
import path from "node:path";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { VISA_LIFETIME_SECONDS } from "../../app/domain/access/visas/issue-visa.server";
import { VISA_KEYS_FILE } from "../../app/domain/access/visas/visa-keys.server";
import { getEnv } from "../../app/env.server";
import { translator } from "../../app/i18n/i18n";
import { createApplicant, createApplication, type CreatedApplicant, type CreatedApplication } from "../factories/data-access-factory";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserUserAgent } from "../support/browser-requests";
import { useTestDatabase } from "../support/database";
import { signedInCookie } from "../support/session-cookies";
import { useTempDataDir } from "../support/temp-data-dir";
import { eventually } from "../support/outbox-fixtures";
import { rotateSigningKeys } from "../../scripts/rotate-signing-keys";

useTestDatabase();
const dataDir = useTempDataDir();
const app = useAppServer();

interface Visa extends JWTPayload {
  ga4gh_visa_v1: { type: string; asserted: number; value: string; source: string; by: string };
}

let applicant: CreatedApplicant;
let approved: CreatedApplication;

beforeAll(async () => {
  applicant = await createApplicant();
  approved = await createApplication({ applicant });
});

async function fetchVisa(applicationId: string, user: { id: string; role: CreatedApplicant["user"]["role"] } | null = applicant.user, language: "ja" | "en" = "ja") {
  return fetch(`${app.origin}/applications/${applicationId}/visa`, { headers: { Cookie: await signedInCookie(user, language), "User-Agent": browserUserAgent }, redirect: "manual" });
}

async function verify(visa: string) {
  const jwks = createRemoteJWKSet(new URL(`${app.origin}/.well-known/jwks.json`));
  return jwtVerify<Visa>(visa, jwks, { algorithms: ["ES256"], issuer: getEnv().APP_URL, typ: "JWT" });
}

const auditRows = (type: string, applicationId: string) =>
  getDatabase().auditEvent.findMany({ where: { type, detail: { path: ["applicationId"], equals: applicationId } }, orderBy: { occurredAt: "asc" } });

describe("an approved applicant's visa", () => {
  it("verifies against the app's JWKS and says who granted what, from when, until when", async () => {
    const response = await fetchVisa(approved.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { visa } = (await response.json()) as { visa: string };
    const { payload, protectedHeader } = await verify(visa);

    const appUrl = getEnv().APP_URL;
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "JWT", jku: `${appUrl}/.well-known/jwks.json` });
    const jwks = (await (await fetch(`${app.origin}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
    expect(jwks.keys.map((key) => key.kid)).toContain(protectedHeader.kid);
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);

    expect(payload.iss).toBe(appUrl);
    expect(payload.ga4gh_visa_v1).toEqual({
      type: "ControlledAccessGrants",
      asserted: Math.floor(approved.decidedAt!.getTime() / 1000),
      value: `${appUrl}/register/${approved.reference}`,
      source: `${appUrl}/committee`,
      by: "dac",
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    // Five minutes at most (issue 27 item 3): a revocation stops it within that even for a service that never asks.
    expect(VISA_LIFETIME_SECONDS).toBe(300);
    expect(payload.exp! - payload.iat!).toBe(VISA_LIFETIME_SECONDS);
    // Pseudonymous: neither the account's e-mail nor its id.
    expect(payload.sub).toBeTruthy();
    expect(payload.sub).not.toContain(applicant.user.email);
    expect(payload.sub).not.toContain(applicant.user.id);
  });

  it("names the applicant by the same pseudonym every time, with a new jti, and each issuance is in the audit log", async () => {
    const first = await verify(((await (await fetchVisa(approved.id)).json()) as { visa: string }).visa);
    const second = await verify(((await (await fetchVisa(approved.id)).json()) as { visa: string }).visa);
    expect(second.payload.sub).toBe(first.payload.sub);
    expect(second.payload.jti).not.toBe(first.payload.jti);
    const issued = await auditRows("access.visa_issued", approved.id);
    const jtis = issued.map((row) => (row.detail as { jti: string }).jti);
    expect(jtis).toEqual(expect.arrayContaining([first.payload.jti, second.payload.jti]));
    expect(issued.every((row) => row.actorUserId === applicant.user.id)).toBe(true);
  });

  it("never outlives the approval: an approval ending in two minutes gives a visa expiring then", async () => {
    const endsAt = new Date(Date.now() + 2 * 60_000);
    const ending = await createApplication({ applicant, approval: { endsAt } });
    const { payload } = await verify(((await (await fetchVisa(ending.id)).json()) as { visa: string }).visa);
    expect(payload.exp).toBe(Math.floor(endsAt.getTime() / 1000));
  });

  it("is signed with a key kept in a file outside the database, readable only by its owner", () => {
    const mode = statSync(path.join(dataDir.path, VISA_KEYS_FILE)).mode & 0o777;
    expect(mode).toBe(0o600);
  });
});

describe("no visa", () => {
  it("after revocation or suspension, or once the approval has ended or before it starts: a translated reason, nothing signed", async () => {
    const cases = [
      { reason: "revoked", approval: { status: "revoked" as const } },
      { reason: "suspended", approval: { status: "suspended" as const } },
      { reason: "expired", approval: { startsAt: new Date(Date.now() - 100 * 86_400_000), endsAt: new Date(Date.now() - 1000) } },
      { reason: "not_yet_active", approval: { startsAt: new Date(Date.now() + 86_400_000) } },
    ];
    for (const { reason, approval } of cases) {
      const application = await createApplication({ applicant, approval });
      for (const language of ["ja", "en"] as const) {
        const response = await fetchVisa(application.id, applicant.user, language);
        expect(response.status).toBe(409);
        const body = (await response.json()) as Record<string, string>;
        expect(body).toEqual({ error: reason, message: translator(language, "register")(`visa.errors.${reason}`) });
        expect(body.visa).toBeUndefined();
      }
      expect(await auditRows("access.visa_issued", application.id)).toHaveLength(0);
      expect((await auditRows("access.visa_refused", application.id)).map((row) => (row.detail as { reason: string }).reason)).toEqual([reason, reason]);
    }
  });

  it("once an approval that gave visas is revoked, the next request gets none", async () => {
    const application = await createApplication({ applicant });
    expect((await fetchVisa(application.id)).status).toBe(200);
    await getDatabase().dataAccessApproval.update({ where: { applicationId: application.id }, data: { status: "revoked", statusReason: "照合のための取消し", version: { increment: 1 } } });
    const response = await fetchVisa(application.id);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toBe("revoked");
  });

  it("a visa issued before a revocation or suspension is refused by the status check at once, though it has not expired", async () => {
    const status = async (visa: string) => {
      const response = await fetch(`${app.origin}/api/v1/visas/status`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ visa }) });
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      return (await response.json()) as { active: boolean; status: string; reference?: string; approvalVersion?: number };
    };
    for (const sanction of ["revoked", "suspended"] as const) {
      const application = await createApplication({ applicant });
      const { visa } = (await (await fetchVisa(application.id)).json()) as { visa: string };
      expect(await status(visa)).toMatchObject({ active: true, status: "active", reference: application.reference, approvalVersion: 1 });
      await getDatabase().dataAccessApproval.update({ where: { applicationId: application.id }, data: { status: sanction, statusReason: "照合のための措置", version: { increment: 1 } } });
      // Still within its five minutes, and still a valid signature: only the check knows.
      await verify(visa);
      expect(await status(visa)).toMatchObject({ active: false, status: sanction, reference: application.reference, approvalVersion: 2 });
    }
  });

  it("the status check refuses what is not this programme's visa: a forged signature, another key, garbage", async () => {
    const application = await createApplication({ applicant });
    const { visa } = (await (await fetchVisa(application.id)).json()) as { visa: string };
    const [header, payload] = visa.split(".");
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), exp: 4_000_000_000 })).toString("base64url")}.${visa.split(".")[2]}`;
    const { SignJWT, generateKeyPair } = await import("jose");
    const other = await new SignJWT(JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>)
      .setProtectedHeader({ alg: "ES256", typ: "JWT", kid: "someone-else" })
      .sign((await generateKeyPair("ES256")).privateKey);
    for (const candidate of [tampered, other, "not.a.visa", "x"]) {
      const response = await fetch(`${app.origin}/api/v1/visas/status`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ visa: candidate }) });
      expect(await response.json()).toMatchObject({ active: false, status: "invalid" });
    }
    const wrongType = await fetch(`${app.origin}/api/v1/visas/status`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: visa });
    expect(wrongType.status).toBe(415);
  });

  it("for an application the committee has not approved: a draft, one under review, a rejected one", async () => {
    for (const state of ["draft", "in_review", "rejected"] as const) {
      const application = await createApplication({ applicant, state });
      const response = await fetchVisa(application.id);
      expect(response.status).toBe(409);
      expect(((await response.json()) as { error: string }).error).toBe("not_approved");
    }
  });

  it("for another applicant's application: 404 as for an unknown id, and the attempt is recorded", async () => {
    const other = await createApplication();
    const response = await fetchVisa(other.id);
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, string>;
    expect(body.error).toBe("not_found");
    expect(JSON.stringify(body)).not.toContain(other.reference);
    const unknown = await fetchVisa("00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual(body);
    const denied = await auditRows("authz.application_out_of_scope", other.id);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.actorUserId).toBe(applicant.user.id);
    expect(await auditRows("access.visa_issued", other.id)).toHaveLength(0);
  });

  it("for a visitor without the applicant role: 403; for someone not signed in: sent to sign in", async () => {
    for (const role of ["participant", "dac_secretariat", "dac_chair", "panel_member"] as const) {
      const user = await createUser({ role, withTotp: role.startsWith("dac_") });
      expect((await fetchVisa(approved.id, user)).status).toBe(403);
    }
    const anonymous = await fetchVisa(approved.id, null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  });
});

describe("the JWKS", () => {
  it("is public, holds only public P-256 keys, and its header names the key the visa was signed with", async () => {
    const response = await fetch(`${app.origin}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/jwk-set+json");
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
    const { visa } = (await (await fetchVisa(approved.id)).json()) as { visa: string };
    expect(keys[0]!.kid).toBe(decodeProtectedHeader(visa).kid);
  });

  it("rotates without a restart (ADR 054): the new key is published before it signs, signs every visa issued from its time, and visas signed before still verify", async () => {
    const visaAt = async () => ((await (await fetchVisa(approved.id)).json()) as { visa: string }).visa;
    const kidsPublished = async () => ((await (await fetch(`${app.origin}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);
    const before = await visaAt();
    const oldKid = decodeProtectedHeader(before).kid!;
    const rotation = await rotateSigningKeys({ keys: "visas", file: path.join(dataDir.path, VISA_KEYS_FILE), activateInMs: 3_000, retire: [], newKey: true, force: true });
    const newKid = rotation.added!.kid;
    const signsFrom = Date.parse(rotation.added!.signsFrom);
    // As `systemctl reload` does; the app would also see the file within 10 s by itself.
    expect(process.listenerCount("SIGHUP")).toBeGreaterThan(0);
    process.kill(process.pid, "SIGHUP");
    await eventually("the new key published", async () => (await kidsPublished()).includes(newKid));
    expect(await kidsPublished()).toContain(oldKid);
    // Whichever key signed, it is the one the schedule gives for the visa's own issue time.
    const meanwhile = await visaAt();
    const { payload } = await verify(meanwhile);
    expect(decodeProtectedHeader(meanwhile).kid).toBe(payload.iat! * 1000 < signsFrom ? oldKid : newKid);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, signsFrom - Date.now() + 50)));
    const after = await visaAt();
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    await verify(after);
    await verify(before);
  });
});
