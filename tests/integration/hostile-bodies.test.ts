// Issue 27 item 1: every action route answers a body it cannot read — text/plain, JSON to a form, multipart without a
// boundary, broken multipart — and an Origin that is not the request's host with a 4xx, never a 500: nothing written,
// no line at level error, the edge's refusals one warn-level line without a stack, in the reader's language. The routes
// are the authorization matrix's (actionRoutesOfTable), whose coverage test holds it to Remix's route manifest, so a
// new action route is sent every body here the day it is added. Real HTTP against the real app server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { getEnv } from "../../app/env.server";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { browserRequest, loopbackAddress, type BrowserBody, type BrowserResponse } from "../support/browser-requests";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { isOneClickUnsubscribe } from "../../server/cross-site";
import { loadRouteManifest, type ManifestRoute } from "../support/route-manifest";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";
import { actionRoutesOfTable } from "./authorization-matrix";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

const boundary = "----tsunagiHostile7MA4YWxkTrZu0gW";
/**
 * Each body, what a form route answers, and what a JSON route answers: 415 (its own readJsonBody), or 401 first where
 * a machine API checks its token before the body (the findings API); `null` where the body is a JSON route's own type.
 */
const wrongTypeForJson = [415, 401];
const hostileBodies: { name: string; body: BrowserBody; formAnswer: 415 | 400; jsonAnswers: number[] | null }[] = [
  { name: "text/plain", body: { type: "raw", contentType: "text/plain", content: "intent=password&email=a@b.example" }, formAnswer: 415, jsonAnswers: wrongTypeForJson },
  { name: "JSON", body: { type: "raw", contentType: "application/json", content: '{"intent":"password","email":"a@b.example"}' }, formAnswer: 415, jsonAnswers: null },
  { name: "no Content-Type", body: { type: "raw", contentType: null, content: "intent=password" }, formAnswer: 415, jsonAnswers: wrongTypeForJson },
  { name: "multipart without a boundary", body: { type: "raw", contentType: "multipart/form-data", content: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\npassword\r\n--${boundary}--\r\n` }, formAnswer: 400, jsonAnswers: wrongTypeForJson },
  {
    name: "broken multipart",
    body: { type: "raw", contentType: `multipart/form-data; boundary=${boundary}`, content: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\npass` },
    formAnswer: 400,
    jsonAnswers: wrongTypeForJson,
  },
  { name: "multipart of another boundary", body: { type: "raw", contentType: `multipart/form-data; boundary=${boundary}`, content: "--elsewhere\r\n\r\nx\r\n--elsewhere--\r\n" }, formAnswer: 400, jsonAnswers: wrongTypeForJson },
];

/** A path for the route, its parameters filled with values that name nothing; an index route's action is asked with ?index. */
function pathOf(route: ManifestRoute, query: string | undefined): string {
  const path = route.pattern.replace(/:(\w+)/g, (_, name: string) => (name === "n" ? "1" : name === "version" ? "1.0" : "00000000-0000-4000-8000-000000000000"));
  const search = [route.index ? "index" : "", query ?? ""].filter(Boolean).join("&");
  return search ? `${path}?${search}` : path;
}

/** Rows anything written could land in; the same before and after every refused request. */
async function rowCounts(): Promise<string> {
  const [row] = await getDatabase().$queryRaw<{ counts: string }[]>`
    SELECT concat_ws(' ',
      (SELECT count(*) FROM "AuditEvent" WHERE type <> 'api.request'),
      (SELECT count(*) FROM "ConsentEvent"), (SELECT count(*) FROM "Session"), (SELECT count(*) FROM "User"),
      (SELECT count(*) FROM "ParticipantQuestion"), (SELECT count(*) FROM "Invitation"), (SELECT count(*) FROM "ApiToken"),
      (SELECT count(*) FROM "Passkey"), (SELECT count(*) FROM "Finding"), (SELECT count(*) FROM "MailMessage")
    ) AS counts`;
  return row!.counts;
}

let routes: { route: ManifestRoute; json: boolean; query?: string }[] = [];
let participantCookie = "";
let visitor = 0;
const appOrigin = () => new URL(getEnv().APP_URL).origin;

function send(path: string, body: BrowserBody, cookie: string, headers?: Record<string, string | null>): Promise<BrowserResponse> {
  return browserRequest({ server: app.origin, appOrigin: appOrigin(), localAddress: loopbackAddress(40_000 + visitor++), method: "POST", path, cookie, body, headers });
}

beforeAll(async () => {
  const manifest = new Map((await loadRouteManifest(app.server)).map((route) => [route.id, route]));
  routes = actionRoutesOfTable().map(({ routeId, json, query }) => {
    const route = manifest.get(routeId);
    if (!route) throw new Error(`${routeId} is in the authorization matrix but not in the route manifest`);
    return { route, json, query };
  });
  const participant = await createUser({ role: "participant" });
  participantCookie = await cookieFor(participant);
}, 60_000);

afterAll(() => {
  // Each request's own line, not a summary: a count of what ran, for the reader of the log.
  console.info(`hostile bodies: ${routes.length} action routes × ${hostileBodies.length} bodies × 2 visitors`);
});

describe("a body an action cannot read", () => {
  it("is the table's list: every action route, forms and JSON alike", () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((entry) => entry.json).map((entry) => entry.route.id)).toContain("routes/auth/passkeys.registration.verify");
    expect(routes.map((entry) => entry.route.id)).toEqual(expect.arrayContaining(["routes/auth/sign-in._index", "routes/auth/verify", "routes/applicant/applications.sign-up"]));
  });

  for (const hostile of hostileBodies) {
    it(`${hostile.name}: 4xx from every action route, anonymous or signed in, nothing written, no error logged`, async () => {
      const before = await rowCounts();
      const problems: string[] = [];
      for (const [visitorName, cookie] of [["anonymous", ""], ["participant", participantCookie]] as const) {
        for (const { route, json, query } of routes) {
          if (json && hostile.jsonAnswers === null) continue;
          const path = pathOf(route, query);
          const response = await send(path, hostile.body, cookie);
          const where = `${route.id} (${visitorName}) ${path}`;
          if (json) {
            if (!hostile.jsonAnswers!.includes(response.status)) problems.push(`${where}: expected one of ${hostile.jsonAnswers!.join(", ")}, got ${response.status}`);
            continue;
          }
          if (response.status !== hostile.formAnswer) {
            problems.push(`${where}: expected ${hostile.formAnswer}, got ${response.status} ${response.body.toString("utf8").slice(0, 200)}`);
            continue;
          }
          // A short page in the visitor's language (Japanese here, the browser's first choice without a cookie).
          const text = response.body.toString("utf8");
          const heading = hostile.formAnswer === 415 ? "送信の形式が正しくありません" : "送信した内容を読み取れませんでした";
          if (!response.contentType.startsWith("text/html") || !text.includes('<html lang="ja"') || !text.includes(heading)) problems.push(`${where}: not the Japanese page (${text.slice(0, 120)})`);
        }
      }
      expect(problems).toEqual([]);
      expect(await rowCounts()).toBe(before);
      const lines = loggedLines();
      expect(lines.filter((line) => line.level === "error" || line.level === "fatal")).toEqual([]);
      // The edge's refusals: one warn-level request line each, naming the refusal, with no stack or error object.
      const refusals = lines.filter((line) => line.msg === "request" && (line.refusal === "unsupported_media_type" || line.refusal === "unreadable_body"));
      const formRoutes = routes.filter((entry) => !entry.json).length;
      expect(refusals).toHaveLength(formRoutes * 2);
      expect(refusals.every((line) => line.level === "warn" && line.status === hostile.formAnswer && !("err" in line) && !("stack" in line))).toBe(true);
    }, 120_000);
  }

  it("a form still goes through: the same routes answer a URL-encoded and a well-formed multipart body as before", async () => {
    // Sign-in with a wrong password, sent both ways: the form's own answer (401), not the edge's.
    const email = "nobody@hostile.tsunagi.test";
    const urlEncoded = await send("/sign-in?index", { type: "form", content: new URLSearchParams({ intent: "password", email, password: "wrong password" }).toString() }, "");
    const parts = Object.entries({ intent: "password", email, password: "wrong password" })
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("");
    const multipart = await send("/sign-in?index", { type: "raw", contentType: `multipart/form-data; boundary=${boundary}`, content: `${parts}--${boundary}--\r\n` }, "");
    expect([urlEncoded.status, multipart.status]).toEqual([401, 401]);
  });
});

describe("an Origin that is not the request's host", () => {
  const form = { type: "form", content: "intent=password" } as const;

  it("is a 403 in the reader's language, where Remix threw (a 500): same-site fetch metadata, and an Origin of this app sent to another Host", async () => {
    const before = await rowCounts();
    const cases: [string, Record<string, string | null>][] = [
      ["another origin, claiming same-origin", { Origin: "http://other.example", "Sec-Fetch-Site": "same-origin" }],
      ["the app's origin, to another Host", { Host: "127.0.0.1:9", "Sec-Fetch-Site": null }],
      ["an Origin that is no URL", { Origin: "not a url", "Sec-Fetch-Site": "same-origin" }],
      ["an empty Origin", { Origin: "", "Sec-Fetch-Site": "same-origin" }],
      ["an X-Forwarded-Host from no trusted proxy", { "X-Forwarded-Host": "other.example", "Sec-Fetch-Site": "same-origin" }],
    ];
    const answers: string[] = [];
    for (const [name, headers] of cases) {
      const response = await send("/sign-in?index", form, "", headers);
      answers.push(`${name}: ${response.status}${response.status === 403 && response.body.toString("utf8").includes("この送信は受け付けられません") ? " (page)" : ""}`);
    }
    // A forwarded host from a client no proxy vouches for is not believed: the Host decides, it matches, and the form
    // gets its own answer (400: its fields are missing).
    expect(answers).toEqual([
      "another origin, claiming same-origin: 403 (page)",
      "the app's origin, to another Host: 403 (page)",
      "an Origin that is no URL: 403 (page)",
      "an empty Origin: 403 (page)",
      "an X-Forwarded-Host from no trusted proxy: 400",
    ]);
    expect(await rowCounts()).toBe(before);
    const refused = loggedLines().filter((line) => line.refusal === "origin_mismatch");
    expect(refused.map((line) => line.level)).toEqual(["warn", "warn", "warn", "warn"]);
  });

  it("Origin: null is a 403 on every action route of the route manifest, whatever Sec-Fetch-Site says: never Remix's 500, one warn line each (issue 54 item 4)", async () => {
    // The list is the served build's own (every route whose module takes a POST), not the matrix's table: a route added
    // tomorrow is asked the day it is added. A browser sends "Origin: null" from a no-referrer page, a sandboxed frame or
    // a file; Remix reads "null" as a host that is not the request's and threw (a 500 with a stack) on 78 of them.
    const actionRoutes = (await loadRouteManifest(app.server)).filter((route) => route.hasAction);
    expect(actionRoutes.length).toBeGreaterThanOrEqual(routes.length);
    const before = await rowCounts();
    const problems: string[] = [];
    let refusedCount = 0;
    for (const route of actionRoutes) {
      const path = pathOf(route, undefined);
      const dataPath = path.replace(/^([^?]*?)\/?(\?|$)/, (_, base: string, rest: string) => `${base || "/_root"}.data${rest}`);
      const requests: [string, string, Record<string, string | null>][] = [
        ["same-origin", path, { Origin: "null", "Sec-Fetch-Site": "same-origin" }],
        ["cross-site", path, { Origin: "null", "Sec-Fetch-Site": "cross-site" }],
        ["no fetch metadata", path, { Origin: "null", "Sec-Fetch-Site": null }],
        ["single fetch", dataPath, { Origin: "null", "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty" }],
      ];
      for (const [name, target, headers] of requests) {
        const response = await send(target, { type: "form", content: "intent=password" }, participantCookie, headers);
        const where = `${route.id} ${target} (${name})`;
        // RFC 8058's one-click unsubscribe is let through from anywhere by design (ADR 038): its token is its only key.
        if (isOneClickUnsubscribe(target.split("?")[0]!)) {
          if (response.status >= 500 || response.status === 403) problems.push(`${where}: the unsubscribe answered ${response.status}`);
          continue;
        }
        refusedCount += 1;
        const text = response.body.toString("utf8");
        if (response.status !== 403) problems.push(`${where}: expected 403, got ${response.status} ${text.slice(0, 120)}`);
        else if (!text.includes("この送信は受け付けられません")) problems.push(`${where}: not the refusal page in the reader's language (${text.slice(0, 120)})`);
      }
    }
    expect(problems).toEqual([]);
    expect(await rowCounts()).toBe(before);
    const lines = loggedLines();
    expect(lines.filter((line) => line.level === "error" || line.level === "fatal")).toEqual([]);
    const refused = lines.filter((line) => line.msg === "request" && line.status === 403);
    expect(refused).toHaveLength(refusedCount);
    expect(refused.every((line) => line.level === "warn" && line.refusal === "origin_mismatch" && !("err" in line) && !("stack" in line))).toBe(true);
  }, 120_000);

  it("the one-click unsubscribe still takes a post from the reader's mail client, whatever its Origin", async () => {
    const response = await send("/updates/unsubscribe/unknownTokenValue1234", { type: "form", content: "List-Unsubscribe=One-Click" }, "", {
      Origin: "https://mail.example",
      "Sec-Fetch-Site": "cross-site",
    });
    // The token names nobody: the route's own answer, not a refusal at the edge.
    expect(response.status).toBe(404);
  });
});
