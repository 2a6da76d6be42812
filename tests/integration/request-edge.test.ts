// The app's HTTP edge as a client meets it (issue 10; ADR 014): where it listens, which forwarded headers are
// believed, who may read the development mailbox. Real HTTP against the app server (tests/support/app-server.ts),
// started once as deployed by default and once behind a proxy named in TRUST_PROXY.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { listCapturedMail } from "../../app/domain/mail/list-captured-mail.server";
import { ensureMailboxKey } from "../../app/domain/mail/mailbox-key.server";
import { sendMail } from "../../app/domain/mail/send-mail.server";
import { bridgeConfigFromEnv } from "../../services/pipeline-bridge/src/bridge-config";
import { parseBridgeEnv } from "../../services/pipeline-bridge/src/bridge-env";
import { servedBuild } from "../../server/app-server";
import { createUser } from "../factories/user-factory";
import { useAppServer, type TestAppServer } from "../support/app-server";
import { loggedLines } from "../support/captured-logs";
import { useTestDatabase } from "../support/database";
import { issueTestToken, startTestBridge } from "../support/pipeline-bridge";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

const db = useTestDatabase();
useTempDataDir();

/** A failed password sign-in sent with `headers`; returns the address its audit row recorded. */
async function addressRecordedFor(app: TestAppServer, headers: Record<string, string>): Promise<string | null> {
  const userAgent = `request-edge-${randomUUID()}`;
  const response = await fetch(`${app.origin}/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": userAgent, ...headers },
    body: new URLSearchParams({ intent: "password", email: `nobody-${randomUUID().slice(0, 8)}@test.tsunagi.test`, password: "not the password" }),
  });
  expect(response.status).toBe(401);
  const row = await getDatabase().auditEvent.findFirst({ where: { type: "auth.sign_in_failed", userAgent }, select: { ipAddress: true } });
  return row?.ipAddress ?? null;
}

/** A concrete path for every route in the build's manifest, its parameters filled with values that name nothing. */
function everyRoutePath(build: ServerBuild): string[] {
  const fullPath = (id: string): string => {
    const route = build.routes[id]!;
    return [route.parentId ? fullPath(route.parentId) : "", route.path ?? ""].filter(Boolean).join("/");
  };
  const value = (parameter: string) => (parameter === ":n" ? "1" : parameter === ":version" ? "1.0" : "00000000-0000-4000-8000-000000000000");
  const paths = Object.keys(build.routes).map((id) => `/${fullPath(id).replace(/:[A-Za-z]+/g, value)}`);
  return [...new Set(paths)].sort();
}

// One app server at a time: Remix's Vite plugin serves the server build of the last Vite started, so the servers
// run one after another, in describe blocks, each with its own settings.
describe("as deployed by default", () => {
  const app = useAppServer();

  it("listens on this machine only, and so does the bridge", async () => {
    expect((app.server.address() as AddressInfo).address).toBe("127.0.0.1");
    expect(bridgeConfigFromEnv(parseBridgeEnv(process.env), { databaseUrl: db.url }).host).toBe("127.0.0.1");
    const bridge = await startTestBridge(db.url);
    try {
      expect((bridge.server.address() as AddressInfo).address).toBe("127.0.0.1");
    } finally {
      await bridge.close();
    }
  });

  it("takes the client's address from the socket, whatever X-Forwarded-For claims, even from this machine", async () => {
    const address = await addressRecordedFor(app, { "X-Forwarded-For": "203.0.113.9" });
    expect(address).toMatch(/^(127\.0\.0\.1|::ffff:127\.0\.0\.1)$/);
  });

  // Every route, in four quarters (every fourth path each) so each keeps the default budget however many routes the
  // app grows to; together they ask every path, and the last quarter also asks for a page that does not exist.
  const quarters = [0, 1, 2, 3] as const;
  it.each(quarters)("answers a GET and a POST to every route, and to no route, without a server error or a stack trace in the log (quarter %i)", async (quarter) => {
    const all = [...everyRoutePath(await servedBuild(app.server)), "/no-such-page"];
    expect(all.length).toBeGreaterThan(60);
    const paths = all.filter((_, index) => index % quarters.length === quarter || (quarter === 3 && index === all.length - 1));
    const prefix = `every-route-${quarter}-`;
    const answers: string[] = [];
    for (const path of paths) {
      for (const method of ["GET", "POST"]) {
        const response = await fetch(`${app.origin}${path}`, {
          method,
          redirect: "manual",
          headers: { "X-Request-Id": `${prefix}${answers.length}`, ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}) },
          ...(method === "POST" ? { body: "" } : {}),
        });
        await response.arrayBuffer();
        answers.push(`${response.status} ${method} ${path}`);
        expect(response.status, `${method} ${path}`).toBeLessThan(500);
        if (response.status === 405) expect(response.headers.get("allow"), `${method} ${path}`).toMatch(/^(GET, HEAD|POST|GET, HEAD, POST)$/);
      }
    }
    // Each answer has its one request line and nothing else: no stack, no second line for a refusal (a line at
    // level error, or a console.error, would already have failed the test).
    const ours = () => loggedLines().filter((line) => typeof line.requestId === "string" && line.requestId.startsWith(prefix));
    await expect.poll(() => ours().length).toBe(answers.length);
    expect(ours().filter((line) => line.msg !== "request" || "err" in line)).toEqual([]);
    expect(new Set(ours().map((line) => line.requestId)).size).toBe(answers.length);
    // Refusals each quarter must show where its paths hold them (every path is in exactly one quarter).
    for (const expected of ["405 GET /passkeys/authentication/options", "405 POST /home", "404 GET /no-such-page"]) {
      if (paths.includes(expected.split(" ")[2]!)) expect(answers).toContain(expected);
    }
  });

  it("refuses methods the app does not use, naming the ones the route takes", async () => {
    for (const [method, path, allow] of [
      ["PUT", "/home", "GET, HEAD"],
      ["DELETE", "/sign-out", "GET, HEAD, POST"],
      ["PATCH", "/passkeys/authentication/options", "POST"],
      ["OPTIONS", "/sign-in", "GET, HEAD, POST"],
    ] as const) {
      const response = await fetch(`${app.origin}${path}`, { method, redirect: "manual" });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
    }
  });

  it("sends no HSTS over plain http", async () => {
    const page = await fetch(`${app.origin}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBeNull();
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // Claiming https means nothing from a client no proxy vouches for.
    const claimed = await fetch(`${app.origin}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(claimed.headers.get("strict-transport-security")).toBeNull();
  });

  it("takes the passkey ceremonies' JSON only when it is sent as application/json", async () => {
    const post = (contentType: string | undefined) =>
      fetch(`${app.origin}/passkeys/authentication/options`, { method: "POST", headers: contentType ? { "Content-Type": contentType } : {}, body: "{}" });
    for (const contentType of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", undefined]) {
      const refused = await post(contentType);
      expect(refused.status, String(contentType)).toBe(415);
      expect(await refused.json(), String(contentType)).toEqual({ error: "unsupported_media_type" });
    }
    expect((await post("application/json")).status).toBe(200);
  });

  describe("the development mailbox", () => {
    const secretLink = `http://localhost:3000/sign-in/link/${randomUUID()}`;

    async function captureSignInMail(): Promise<string> {
      const to = `mailbox-${randomUUID().slice(0, 8)}@test.tsunagi.test`;
      await sendMail({ to, language: "ja", template: "sign-in-link", props: { url: secretLink, expiresInMinutes: 15 } });
      return to;
    }
    const get = (path: string, cookie?: string) => fetch(`${app.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

    it("shows no mail to an anonymous visitor, even on this machine: it asks for the key", async () => {
      const to = await captureSignInMail();
      const list = await get("/dev/mailbox");
      expect(list.status).toBe(403);
      const page = await list.text();
      expect(page).toContain("鍵がないと開けません");
      expect(page).not.toContain(to);
      const [mail] = await listCapturedMail({ to });
      const one = await get(`/dev/mailbox/${mail!.id}`);
      expect(one.status).toBe(302);
      expect(one.headers.get("location")).toBe("/dev/mailbox");
      expect(await one.text()).not.toContain(secretLink);
    });

    it("shows no mail to a signed-in participant or admin without the key", async () => {
      const to = await captureSignInMail();
      for (const role of ["participant", "admin"] as const) {
        const cookie = await cookieFor(await createUser({ role, withTotp: role === "admin" }));
        const list = await get("/dev/mailbox", cookie);
        expect(list.status, role).toBe(403);
        expect(await list.text(), role).not.toContain(to);
      }
    });

    it("refuses a wrong key, and opens with the key npm start prints, which it turns into a cookie for the mailbox only", async () => {
      const to = await captureSignInMail();
      const wrong = await get("/dev/mailbox?key=not-the-key");
      expect(wrong.status).toBe(403);
      expect(wrong.headers.get("set-cookie")).toBeNull();

      const unlock = await get(`/dev/mailbox?key=${encodeURIComponent(ensureMailboxKey())}`);
      expect(unlock.status).toBe(302);
      expect(unlock.headers.get("location")).toBe("/dev/mailbox");
      const setCookie = unlock.headers.get("set-cookie")!;
      expect(setCookie).toMatch(/Path=\/dev\/mailbox/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      const cookie = setCookie.split(";")[0]!;
      const list = await get("/dev/mailbox", cookie);
      expect(list.status).toBe(200);
      expect(await list.text()).toContain(to);
    });
  });
});

describe("behind a proxy named in TRUST_PROXY", () => {
  const proxied = useAppServer({ TRUST_PROXY: "127.0.0.1/8, ::1" });

  it("believes the proxy's X-Forwarded-For", async () => {
    expect(await addressRecordedFor(proxied, { "X-Forwarded-For": "203.0.113.9" })).toBe("203.0.113.9");
  });

  it("believes only the hop the proxy itself added, not what the client put before it", async () => {
    expect(await addressRecordedFor(proxied, { "X-Forwarded-For": "198.51.100.7, 203.0.113.9" })).toBe("203.0.113.9");
  });

  it("sends HSTS when the proxy says the request came over https, and only then", async () => {
    const overHttps = await fetch(`${proxied.origin}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    const overHttp = await fetch(`${proxied.origin}/sign-in`, { headers: { "X-Forwarded-Proto": "http" } });
    expect(overHttp.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("the pipeline bridge's JSON endpoints", () => {
  it("take a body only when it is sent as application/json, refusing anything else unread (415), and say so in /openapi.json", async () => {
    const bridge = await startTestBridge(db.url);
    try {
      const gate = await issueTestToken(["gate:analyze", "gate:release", "gate:datasets"]);
      const endpoints = [
        ["POST", "/v1/decisions", gate, { subject: "S-0000000000", action: "analyze", purpose: "DUO:0000006" }],
        ["POST", "/v1/releases", gate, { dataset: "d", samples: [], recipient: "r", purpose: "DUO:0000006" }],
        ["PUT", "/v1/datasets/edge-test", gate, { title: "t", clockStartsAt: "2026-01-01T00:00:00Z" }],
        ["POST", "/internal/v1/consent-changes", bridge.ingestToken, { changes: [] }],
        ["POST", "/internal/v1/heartbeat", bridge.ingestToken, { relayId: "edge-test", highWaterMark: "0", sentAt: new Date().toISOString() }],
      ] as const;
      for (const [method, path, token, body] of endpoints) {
        for (const contentType of ["text/plain", "text/plain;charset=UTF-8", undefined]) {
          const response = await fetch(`${bridge.url}${path}`, {
            method,
            headers: { Authorization: `Bearer ${token}`, ...(contentType ? { "Content-Type": contentType } : {}) },
            body: JSON.stringify(body),
          });
          expect(response.status, `${method} ${path} ${contentType}`).toBe(415);
          expect(await response.json(), `${method} ${path} ${contentType}`).toMatchObject({ error: "unsupported_media_type" });
        }
        const accepted = await fetch(`${bridge.url}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json; charset=utf-8" },
          body: JSON.stringify(body),
        });
        expect(accepted.status, `${method} ${path} as JSON`).not.toBe(415);
      }
      const openapi = (await (await fetch(`${bridge.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      for (const [method, path] of [["post", "/v1/decisions"], ["post", "/v1/releases"], ["put", "/v1/datasets/{id}"], ["post", "/internal/v1/consent-changes"], ["post", "/internal/v1/heartbeat"]] as const) {
        expect(openapi.paths[path]?.[method]?.responses, `${method} ${path}`).toHaveProperty("415");
      }
    } finally {
      await bridge.close();
    }
  });

  it("refuse a body with a member named twice in one object (400, naming it), where JSON.parse would quietly keep the last, and write nothing", async () => {
    const bridge = await startTestBridge(db.url);
    try {
      const gate = await issueTestToken(["gate:analyze", "gate:release", "gate:datasets"]);
      const bodies = [
        ["POST", "/v1/decisions", gate, '{"subject":"S-0000000000","action":"analyze","action":"release","purpose":"DUO:0000006"}', "action", "$"],
        ["POST", "/v1/decisions", gate, '{"items":[{"subject":"S-1","action":"analyze"},{"subject":"S-2","subject":"S-3","action":"analyze"}]}', "subject", "$.items[1]"],
        ["PUT", "/v1/datasets/dup-test", gate, '{"title":"t","clockStartsAt":"2026-01-01T00:00:00Z","cl\u006fckStartsAt":"2020-01-01T00:00:00Z"}', "clockStartsAt", "$"],
        ["POST", "/internal/v1/heartbeat", bridge.ingestToken, `{"relayId":"dup","highWaterMark":"0","highWaterMark":"9","sentAt":"${new Date().toISOString()}"}`, "highWaterMark", "$"],
      ] as const;
      for (const [method, path, token, body, key, where] of bodies) {
        const response = await fetch(`${bridge.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body });
        expect(response.status, `${method} ${path}`).toBe(400);
        expect(await response.json(), `${method} ${path}`).toEqual({ error: "malformed_request", issues: [{ message: `member "${key}" appears twice in ${where}` }] });
      }
      const written = await bridge.context.db.query(`SELECT (SELECT count(*) FROM bridge.dataset WHERE id = 'dup-test') + (SELECT count(*) FROM bridge.relay_heartbeat WHERE relay_id = 'dup') AS n`);
      expect(Number(written.rows[0]!.n)).toBe(0);
    } finally {
      await bridge.close();
    }
  });
});
