import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, appErrorCodes } from "../domain/kernel/app-error";
import { languageCookie } from "../i18n/language.server";
import { getFixedT } from "../i18n/i18n";
import { parseForm } from "./parse-form.server";
import { answerRefusals, withRefusalAnswers } from "./refusal-answers.server";
import { refusalStatus } from "./refusals.server";

// The one adapter (ADR 131), as the server applies it to every route of the build: real Requests, real translations,
// Conform's real reply. The route modules here are the smallest that let a refusal go.
const appOrigin = "http://localhost:3000";
const Schema = z.object({ name: z.string().min(1), password: z.string().optional() });

const cookies = Object.fromEntries(await Promise.all(["ja", "ja-easy", "en"].map(async (language) => [language, (await languageCookie.serialize(language)).split(";")[0]!])));

function post(fields: Record<string, string>, language = "en", path = "/staff/things/1"): Request {
  return new Request(new URL(path, appOrigin), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies[language]! },
  });
}

function page(action: (args: { request: Request }) => Promise<unknown>, loader?: (args: { request: Request }) => Promise<unknown>) {
  return withRefusalAnswers({ default: () => null, action, ...(loader ? { loader } : {}) });
}

async function outcome(run: () => unknown): Promise<Response> {
  try {
    const value = await run();
    if (value instanceof Response) return value;
    throw new Error(`not a response: ${JSON.stringify(value)}`);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

type Body = { result: { status: string; error: Record<string, string[]>; initialValue?: Record<string, string> }; step?: string };

describe("refusals answered once, at the transport (ADR 131)", () => {
  it("says a page action's refusal above its form in the reader's language, with the table's status and the typed values kept", async () => {
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const route = page(async ({ request }) => {
        await parseForm(request, Schema, { extra: { step: "choose" } });
        throw new AppError("consent_changed_meanwhile");
      });
      const response = await outcome(() => route.action!({ request: post({ name: "山田" }, language) }));
      expect(response.status).toBe(409);
      const body = (await response.json()) as Body;
      expect(body.step).toBe("choose");
      expect(body.result.error[""]).toEqual([(await getFixedT(language, "errors"))("consent_changed_meanwhile")]);
      expect(body.result.initialValue?.name).toBe("山田");
    }
  });

  it("gives every code the table's status on a page's action", async () => {
    for (const code of appErrorCodes) {
      const route = page(async ({ request }) => {
        await parseForm(request, Schema);
        throw new AppError(code);
      });
      const response = await outcome(() => route.action!({ request: post({ name: "a" }) }));
      const expected = refusalStatus[code] === 401 ? 302 : refusalStatus[code];
      expect(response.status, code).toBe(expected);
    }
  });

  it("answers a record that is unknown or not the reader's with the 404 or 403 page and never the domain's words", async () => {
    for (const [code, status] of [["not_found", 404], ["forbidden", 403]] as const) {
      const route = page(async () => {
        throw new AppError(code);
      });
      const response = await outcome(() => route.action!({ request: post({ name: "a" }) }));
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(status === 404 ? "Not found" : "Forbidden");
    }
  });

  it("says a row's missing record in words with the table's 404 where the page asks for it in place", async () => {
    const route = page(async ({ request }) => {
      await parseForm(request, Schema, { inPlace: ["not_found"], inWords: { not_found: "admin:refusals.not_found" } });
      throw new AppError("not_found");
    });
    const response = await outcome(() => route.action!({ request: post({ name: "a" }, "ja-easy") }));
    expect(response.status).toBe(404);
    expect(((await response.json()) as Body).result.error[""]).toEqual([(await getFixedT("ja-easy", "admin"))("refusals.not_found")]);
  });

  it("says on the form what concerns a value the form sent, puts words on the field the page names, and hides what it asks", async () => {
    const route = page(async ({ request }) => {
      await parseForm(request, Schema, { aboutWhatWasSent: ["forbidden"], hideFields: ["password"] });
      throw new AppError("forbidden");
    });
    const sent = await outcome(() => route.action!({ request: post({ name: "a", password: "secret" }) }));
    expect(sent.status).toBe(400);
    const body = (await sent.json()) as Body;
    expect(body.result.error[""]).toEqual([(await getFixedT("en", "errors"))("forbidden")]);
    expect(JSON.stringify(body)).not.toContain("secret");

    const onField = page(async ({ request }) => {
      await parseForm(request, Schema, { field: { already_enrolled: "name" }, inWords: { already_enrolled: "enrolment:enrol.errors.already_enrolled" } });
      throw new AppError("already_enrolled");
    });
    const field = await outcome(() => onField.action!({ request: post({ name: "a" }, "ja") }));
    expect(field.status).toBe(409);
    expect(((await field.json()) as Body).result.error.name).toEqual([(await getFixedT("ja", "enrolment"))("enrol.errors.already_enrolled")]);
  });

  it("sends the reader where the page names, and to confirm it is them before a change that needs it", async () => {
    const moved = page(async ({ request }) => {
      answerRefusals({ redirectTo: { update_not_editable: "/staff/updates/1?notice=notEditable" } });
      await parseForm(request, Schema);
      throw new AppError("update_not_editable");
    });
    const away = await outcome(() => moved.action!({ request: post({ name: "a" }) }));
    expect([away.status, away.headers.get("Location")]).toEqual([302, "/staff/updates/1?notice=notEditable"]);

    const again = page(async () => {
      throw new AppError("reauthentication_required");
    });
    const confirm = await outcome(() => again.action!({ request: post({ name: "a" }, "en", "/account/password?x=1") }));
    expect(confirm.headers.get("Location")).toBe(`/account/reauthenticate?redirectTo=${encodeURIComponent("/account/password?x=1")}`);
  });

  it("answers a page loader's refusal as a page with the table's status, and a resource route's as JSON to a JSON client, else as words", async () => {
    const loaderOnly = withRefusalAnswers({
      default: () => null,
      loader: async (_args: { request: Request }) => {
        throw new AppError("consultation_not_open");
      },
    });
    const shown = await outcome(() => loaderOnly.loader!({ request: new Request(`${appOrigin}/x`, { headers: { Cookie: cookies.en! } }) }));
    expect(shown.status).toBe(409);
    expect(await shown.text()).toBe((await getFixedT("en", "errors"))("consultation_not_open"));

    const resource = withRefusalAnswers({
      action: async (_args: { request: Request }) => {
        throw new AppError("invalid_input");
      },
      loader: async (_args: { request: Request }) => {
        throw new AppError("reauthentication_required");
      },
    });
    const refused = await outcome(() => resource.action!({ request: new Request(`${appOrigin}/api/x`, { method: "POST", headers: { Cookie: cookies.en! } }) }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: "invalid_input", message: (await getFixedT("en", "errors"))("invalid_input") });
    const file = await outcome(() => resource.action!({ request: new Request(`${appOrigin}/reports/1.pdf`, { method: "POST", headers: { Cookie: cookies.en!, Accept: "application/pdf,*/*" } }) }));
    expect([file.status, file.headers.get("Content-Type"), await file.text()]).toEqual([400, "text/plain; charset=utf-8", (await getFixedT("en", "errors"))("invalid_input")]);
    const reauth = await outcome(() => resource.loader!({ request: new Request(`${appOrigin}/api/y`) }));
    expect(reauth.status).toBe(401);
    expect(await reauth.json()).toEqual({ error: "reauthentication_required", redirectTo: `/account/reauthenticate?redirectTo=${encodeURIComponent("/api/y")}` });
  });

  it("lets everything that is not a refusal go on unchanged: a redirect, an answer, a bug", async () => {
    const bug = new Error("a bug");
    const route = page(async () => {
      throw bug;
    });
    await expect(route.action!({ request: post({}) })).rejects.toBe(bug);
    const answered = page(async () => new Response("fine", { status: 201 }));
    const fine = (await answered.action!({ request: post({}) })) as Response;
    expect([fine.status, await fine.text()]).toEqual([201, "fine"]);
    const away = page(async () => {
      throw new Response(null, { status: 302, headers: { Location: "/elsewhere" } });
    });
    expect((await outcome(() => away.action!({ request: post({}) }))).headers.get("Location")).toBe("/elsewhere");
  });
});
