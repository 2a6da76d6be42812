// Issue 10, defect 5: the two reported cases through the real routes, and the routes that share the check.
import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { currentTotpCode } from "../../app/domain/auth/totp.server";
import { action as reauthenticateAction } from "../../app/routes/account/account.reauthenticate";
import { action as languageAction } from "../../app/routes/auth/language";
import { action as secondFactorAction } from "../../app/routes/auth/sign-in.second-factor";
import { action as signInAction } from "../../app/routes/auth/sign-in._index";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, settle } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const context = { ...loadContext, clientAddress: "192.0.2.201" } as AppLoadContext;
const hostile = ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "/.//evil.example", "https://evil.example/"];

function sessionCookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0]!)
    .join("; ");
}

describe("redirectTo after signing in", () => {
  it.each(hostile)("the sign-in form sends %j home instead", async (redirectTo) => {
    const user = await createUser();
    const response = await settle(() =>
      signInAction({ request: formPost("/sign-in", { intent: "password", email: user.email, password: user.password, redirectTo }, ""), context, params: {} }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/home");
  });

  it("keeps a same-site page, and carries it through the staff second factor", async () => {
    const staff = await createUser({ role: "coordinator", withTotp: true });
    const signedIn = await settle(() =>
      signInAction({ request: formPost("/sign-in", { intent: "password", email: staff.email, password: staff.password, redirectTo: "/staff/participants?q=a b" }, ""), context, params: {} }),
    );
    expect(signedIn.headers.get("Location")).toBe(`/sign-in/second-factor?redirectTo=${encodeURIComponent("/staff/participants?q=a%20b")}`);
    for (const redirectTo of ["/\t/evil.example", "/\n/evil.example"]) {
      // A fresh session each time: the first pass completes the second factor.
      const again = await settle(() => signInAction({ request: formPost("/sign-in", { intent: "password", email: staff.email, password: staff.password }, ""), context, params: {} }));
      const code = currentTotpCode(staff.totpKey!, new Date(Date.now() + (redirectTo.includes("\n") ? 30_000 : 0)));
      const passed = await settle(() =>
        secondFactorAction({ request: formPost("/sign-in/second-factor", { method: "totp", code, redirectTo }, sessionCookieFrom(again)), context, params: {} }),
      );
      expect(passed.status).toBe(302);
      expect(passed.headers.get("Location")).toBe("/home");
    }
  });
});

describe("the other routes that redirect to a page named by the request", () => {
  it.each(["/\t/evil.example", "/\n/evil.example"])("the language switch sends %j to the top page", async (redirectTo) => {
    const response = await settle(() => languageAction({ request: formPost("/language", { language: "en", redirectTo }, ""), context, params: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });

  it.each(["/\t/evil.example", "/\n/evil.example"])("re-authentication sends %j to the account page", async (redirectTo) => {
    const user = await createUser();
    const cookie = await cookieFor({ id: user.id, role: user.role });
    const response = await settle(() =>
      reauthenticateAction({ request: formPost("/account/reauthenticate", { method: "password", password: user.password, redirectTo }, cookie), context, params: {} }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    expect(await getDatabase().session.count({ where: { userId: user.id, reauthenticatedAt: { not: null } } })).toBe(1);
  });
});
