// Issue 10, defect 4: sign-in limits that count atomically and slow an attacker without locking the owner out
// (ADR 013). Real PostgreSQL; the counters are rate-limiter-flexible's, in rate_limit.counter.
import type { AppLoadContext } from "@remix-run/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDatabase } from "../../app/db.server";
import { AppError } from "../../app/domain/kernel/app-error";
import { changePassword } from "../../app/domain/auth/change-password.server";
import { reauthenticate } from "../../app/domain/auth/reauthenticate.server";
import { requestSignInLink } from "../../app/domain/auth/request-sign-in-link.server";
import { accountLimit, accountAddressLimit, addressLimit, knownDeviceLimit } from "../../app/domain/auth/sign-in-rate-limit.server";
import { signInWithPassword } from "../../app/domain/auth/sign-in-with-password.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { verifySecondFactor } from "../../app/domain/auth/verify-second-factor.server";
import { verifyConsentRecord } from "../../app/domain/consent/records/verification/verify-consent-record.server";
import { verificationLookupLimit } from "../../app/domain/consent/records/verification/verification-rate-limit.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { validateSessionToken } from "../../app/domain/session/validate-session-token.server";
import { action as signInAction } from "../../app/routes/auth/sign-in._index";
import { createUser, type CreatedUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

afterEach(() => {
  vi.restoreAllMocks();
});

let addressCounter = 0;
/** A fresh documentation address per call (RFC 5737), so tests never share a per-address count. */
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250)}.${addressCounter % 250}`;
}

function from(ipAddress: string, deviceToken?: string) {
  return { ipAddress, userAgent: "vitest", deviceToken: deviceToken ?? null };
}

/** Signs the owner in fully, so this browser (its device cookie) is one the account knows. */
async function ownerDevice(user: CreatedUser, ipAddress: string): Promise<string> {
  const signedIn = await signInWithPassword({ email: user.email, password: user.password }, from(ipAddress));
  if (!signedIn.ok) throw new Error(`owner sign-in failed: ${signedIn.reason}`);
  if (!signedIn.secondFactorRequired) return signedIn.deviceToken;
  const session = (await validateSessionToken(signedIn.sessionToken))!;
  const passed = await verifySecondFactor({
    sessionId: session.id,
    userId: user.id,
    input: { method: "totp", code: currentTotpCode(user.totpKey!) },
    request: from(ipAddress, signedIn.deviceToken),
  });
  if (!passed.ok) throw new Error(`owner second factor failed: ${passed.reason}`);
  return passed.deviceToken;
}

/** Six digits that are not the code of the current step or its neighbours, so a guess is certainly wrong. */
function wrongCodes(key: Uint8Array, count: number): string[] {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => currentTotpCode(key, new Date(Date.now() + offset))));
  const codes: string[] = [];
  for (let candidate = 0; codes.length < count; candidate += 1) {
    const code = String(candidate).padStart(6, "0");
    if (!valid.has(code)) codes.push(code);
  }
  return codes;
}

function wrongPasswords(user: CreatedUser, count: number, ipAddress: () => string) {
  return Promise.all(Array.from({ length: count }, (_, index) => signInWithPassword({ email: user.email, password: `wrong-${index}` }, from(ipAddress()))));
}

describe("the count is the decision", () => {
  it("of 30 wrong passwords sent at once from one address, exactly 10 are checked and 20 refused (401 × 10, 429 × 20)", async () => {
    const user = await createUser();
    const context = { clientAddress: freshAddress(), cspNonce: "" } as AppLoadContext;
    const cookie = await cookieFor(null, "en");
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        settle(() => signInAction({ request: formPost("/sign-in", { intent: "password", email: user.email, password: `wrong-${index}` }, cookie), context, params: {} })),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array<number>(accountAddressLimit.points).fill(401), ...Array<number>(30 - accountAddressLimit.points).fill(429)]);
    const refused = responses.find((response) => response.status === 429)!;
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(JSON.stringify(await refused.json())).toMatch(/Too many attempts, so sign-in from here is paused for a while\. Please try again in about \d+ minutes?\./);
    // Every attempt is audited, checked or refused.
    const failures = await getDatabase().auditEvent.findMany({ where: { subjectUserId: user.id, type: "auth.sign_in_failed" } });
    expect(failures.map((row) => (row.detail as { reason: string }).reason).sort()).toEqual([
      ...Array<string>(accountAddressLimit.points).fill("bad_credentials"),
      ...Array<string>(30 - accountAddressLimit.points).fill("rate_limited"),
    ]);
  });

  it("refuses the 11th attempt from one address, even with the right password, and lets it through once the window has passed", async () => {
    const user = await createUser();
    const ipAddress = freshAddress();
    for (let attempt = 1; attempt <= accountAddressLimit.points; attempt += 1) {
      expect(await signInWithPassword({ email: user.email, password: `wrong-${attempt}` }, from(ipAddress))).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    const refused = await signInWithPassword({ email: user.email, password: user.password }, from(ipAddress));
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(refused.ok ? 0 : "retryAfterSeconds" in refused ? refused.retryAfterSeconds : 0).toBeGreaterThan(14 * 60);
    const later = Date.now() + accountAddressLimit.durationSeconds * 1000 + 1000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    expect(await signInWithPassword({ email: user.email, password: user.password }, { ...from(ipAddress), now: new Date(later) })).toMatchObject({ ok: true });
  });

  it("a success clears the consecutive count for that account and address", async () => {
    const user = await createUser();
    const ipAddress = freshAddress();
    await wrongPasswords(user, accountAddressLimit.points - 1, () => ipAddress);
    expect(await signInWithPassword({ email: user.email, password: user.password }, from(ipAddress))).toMatchObject({ ok: true });
    const again = await wrongPasswords(user, accountAddressLimit.points, () => ipAddress);
    expect(again.every((result) => !result.ok && result.reason === "invalid_credentials")).toBe(true);
  });

  it("limits one address spraying many accounts", async () => {
    const ipAddress = freshAddress();
    const guesses = Array.from({ length: addressLimit.points }, (_, index) => index);
    for (const index of guesses) await signInWithPassword({ email: `spray-${index}@test.tsunagi.test`, password: "guess" }, from(ipAddress));
    const victim = await createUser();
    expect(await signInWithPassword({ email: victim.email, password: victim.password }, from(ipAddress))).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(await signInWithPassword({ email: victim.email, password: victim.password }, from(freshAddress()))).toMatchObject({ ok: true });
  });
});

describe("a stranger cannot lock the owner out", () => {
  it("password: failures from other addresses and browsers do not stop the owner on a known browser, and the attacker stays slowed", async () => {
    const owner = await createUser();
    const sharedAddress = freshAddress();
    const device = await ownerDevice(owner, freshAddress());

    // One attacker address: ten guesses checked, the rest refused.
    const single = await wrongPasswords(owner, 30, () => sharedAddress);
    expect(single.filter((result) => !result.ok && result.reason === "invalid_credentials")).toHaveLength(accountAddressLimit.points);
    // Many addresses (a botnet): the account-wide limit for unknown browsers holds them to 20 checked guesses.
    const spread = await wrongPasswords(owner, 30, freshAddress);
    const checked = [...single, ...spread].filter((result) => !result.ok && result.reason === "invalid_credentials");
    expect(checked).toHaveLength(accountLimit.points);
    expect(await signInWithPassword({ email: owner.email, password: "one-more-guess" }, from(freshAddress()))).toMatchObject({ ok: false, reason: "rate_limited" });

    // The owner, on the browser they signed in with before — even behind the attacker's own address — gets in.
    expect(await signInWithPassword({ email: owner.email, password: owner.password }, from(sharedAddress, device))).toMatchObject({ ok: true, notifyNewDevice: false });
    // A browser the account does not know still waits: that is the price OWASP's device-cookie scheme accepts.
    expect(await signInWithPassword({ email: owner.email, password: owner.password }, from(freshAddress()))).toMatchObject({ ok: false, reason: "rate_limited" });
    // A device cookie of another account does not exempt anyone from this account's limits.
    const stranger = await createUser();
    const strangerDevice = await ownerDevice(stranger, freshAddress());
    expect(await signInWithPassword({ email: owner.email, password: owner.password }, from(freshAddress(), strangerDevice))).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("TOTP: an attacker who has the password and guesses codes does not stop the staff owner on their known browser", async () => {
    const owner = await createUser({ role: "coordinator", withTotp: true });
    const device = await ownerDevice(owner, freshAddress());

    const attackerAddress = freshAddress();
    const stolen = await signInWithPassword({ email: owner.email, password: owner.password }, from(attackerAddress));
    if (!stolen.ok) throw new Error("the attacker's password attempt should pass the first step");
    expect(stolen.notifyNewDevice).toBe(true);
    const attackerSession = (await validateSessionToken(stolen.sessionToken))!;
    const guesses = await Promise.all(
      wrongCodes(owner.totpKey!, 30).map((code) =>
        verifySecondFactor({
          sessionId: attackerSession.id,
          userId: owner.id,
          input: { method: "totp", code },
          request: from(attackerAddress, stolen.deviceToken),
        }),
      ),
    );
    // The password's own attempt is still counted until its second factor passes: nine codes are checked.
    expect(guesses.filter((result) => !result.ok && result.reason === "wrong_code")).toHaveLength(accountAddressLimit.points - 1);
    expect(guesses.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(30 - (accountAddressLimit.points - 1));
    // The attacker's browser passed the password but never the code: it did not become a known browser.
    expect(await getDatabase().knownDevice.count({ where: { userId: owner.id } })).toBe(1);

    // The owner signs in on their own browser: password, then a fresh code.
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + 30_000);
    const later = new Date(Date.now());
    const signedIn = await signInWithPassword({ email: owner.email, password: owner.password }, { ...from(freshAddress(), device), now: later });
    if (!signedIn.ok) throw new Error(`the owner was refused: ${signedIn.reason}`);
    const session = (await validateSessionToken(signedIn.sessionToken))!;
    const passed = await verifySecondFactor({
      sessionId: session.id,
      userId: owner.id,
      input: { method: "totp", code: currentTotpCode(owner.totpKey!, later) },
      request: { ...from(freshAddress(), device), now: later },
    });
    expect(passed).toMatchObject({ ok: true, deviceToken: device });
  });

  it("the owner's own known browser has its own limit, which strangers cannot add to", async () => {
    const owner = await createUser();
    const device = await ownerDevice(owner, freshAddress());
    const mine = await Promise.all(
      Array.from({ length: knownDeviceLimit.points + 3 }, (_, index) => signInWithPassword({ email: owner.email, password: `typo-${index}` }, from(freshAddress(), device))),
    );
    expect(mine.filter((result) => !result.ok && result.reason === "invalid_credentials")).toHaveLength(knownDeviceLimit.points);
    expect(mine.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(3);
    // Someone at the owner's unlocked computer is slowed too; elsewhere the owner's account is untouched.
    expect(await signInWithPassword({ email: owner.email, password: owner.password }, from(freshAddress()))).toMatchObject({ ok: true });
  });

  it("re-authentication counts its password failures through the same limits", async () => {
    const owner = await createUser({ role: "coordinator", withTotp: true });
    const device = await ownerDevice(owner, freshAddress());
    const session = await getDatabase().session.findFirstOrThrow({ where: { userId: owner.id }, orderBy: { createdAt: "desc" } });
    const ipAddress = freshAddress();
    const attempts = await Promise.all(
      Array.from({ length: 15 }, (_, index) =>
        reauthenticate({ sessionId: session.id, userId: owner.id, input: { method: "password", password: `wrong-${index}` }, request: from(ipAddress, device) }),
      ),
    );
    expect(attempts.filter((result) => !result.ok && result.reason === "wrong_password")).toHaveLength(knownDeviceLimit.points);
    expect(attempts.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(5);
  });
});

describe("sibling counters", () => {
  it("changing the password checks the current one through the same limits", async () => {
    const owner = await createUser();
    const device = await ownerDevice(owner, freshAddress());
    const session = await getDatabase().session.findFirstOrThrow({ where: { userId: owner.id }, orderBy: { createdAt: "desc" } });
    const attempts = await Promise.allSettled(
      Array.from({ length: 15 }, (_, index) =>
        changePassword({ session, input: { currentPassword: `guess-${index}`, newPassword: "a new passphrase here", confirmPassword: "a new passphrase here" }, request: from(freshAddress(), device) }),
      ),
    );
    const codes = attempts.map((attempt) => (attempt.status === "rejected" && attempt.reason instanceof AppError ? attempt.reason.code : "changed"));
    expect(codes.filter((code) => code === "wrong_password")).toHaveLength(knownDeviceLimit.points);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(5);
    expect(await getDatabase().auditEvent.count({ where: { subjectUserId: owner.id, type: "auth.sign_in_failed" } })).toBe(15);
  });

  it("sends at most five sign-in links per account in 15 minutes, even when ten are asked for at once", async () => {
    const user = await createUser({ password: null });
    await Promise.all(Array.from({ length: 10 }, () => requestSignInLink({ email: user.email, language: "en" }, from(freshAddress()))));
    expect(await listCapturedMail({ to: user.email })).toHaveLength(5);
    expect(await getDatabase().signInLink.count({ where: { userId: user.id } })).toBe(5);
  });

  it("lets one address look up exactly its allowance of verification codes when 40 lookups arrive at once", async () => {
    const ipAddress = freshAddress();
    const results = await Promise.all(Array.from({ length: 40 }, () => verifyConsentRecord({ code: "0000-0000-0000-0000", request: from(ipAddress) })));
    const answered = results.filter((result) => result.kind !== "rate_limited");
    expect(answered).toHaveLength(verificationLookupLimit.points);
  });
});

describe("what is stored", () => {
  it("keeps no e-mail address or IP address in the limiter's table", async () => {
    const user = await createUser();
    const ipAddress = freshAddress();
    await wrongPasswords(user, 2, () => ipAddress);
    const rows = await getDatabase().$queryRaw<{ key: string }[]>`SELECT key FROM rate_limit.counter`;
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) {
      expect(key).not.toContain(user.email);
      expect(key).not.toContain(ipAddress);
      expect(key).toMatch(/^sign-in:[a-z+-]+:[0-9a-f]{64}$|^[a-z-]+:[a-z+-]+:[0-9a-f]{64}$|^[a-z-]+:[0-9a-f]{64}$/);
    }
  });
});
