// Issue 10, defect 2: every request body stops being read at its limit, whatever its framing, and is answered 413;
// the server stops reading the connection there. Real HTTP against the real app server (tests/support/app-server.ts)
// and the real pipeline bridge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { createUser } from "../factories/user-factory";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { issueTestToken, startTestBridge, type TestBridge } from "../support/pipeline-bridge";
import { sendRudeRequest } from "../support/raw-http";
import { cookieFor } from "../support/route-requests";
import { useTempDataDir } from "../support/temp-data-dir";

const db = useTestDatabase();
useTempDataDir();
const app = useAppServer();

const megabyte = 1_000_000;
const hugeBody = 64 * megabyte;
// What the kernels' buffers on both ends of a loopback connection can hold beyond what the server itself read:
// a server that stopped at 1 MB (or 10.5 MB) lets the client hand over a few megabytes more, never 64.
const slack = 16 * megabyte;
const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("a body past its limit", () => {
  it("chunked without a length: 413 at the limit, and the connection is not read further", async () => {
    const outcome = await sendRudeRequest({ origin: app.origin, path: "/sign-in", headers: form, framing: { kind: "chunked" }, totalBytes: hugeBody });
    expect(outcome.status).toBe(413);
    expect(outcome.sentEverything).toBe(false);
    expect(outcome.closedByServer).toBe(true);
    expect(outcome.bytesAccepted).toBeLessThan(1 * megabyte + slack);
  });

  it("a slow drip of small chunks: 413 once the drops add up past the limit", async () => {
    const outcome = await sendRudeRequest({
      origin: app.origin,
      path: "/sign-in",
      headers: form,
      framing: { kind: "chunked" },
      totalBytes: 3 * megabyte,
      chunkBytes: 16 * 1024,
      pauseMs: 1,
    });
    expect(outcome.status).toBe(413);
    expect(outcome.sentEverything).toBe(false);
  });

  it("an honest Content-Length over the limit: 413 before any of it is read", async () => {
    const outcome = await sendRudeRequest({ origin: app.origin, path: "/sign-in", headers: form, framing: { kind: "content-length", announced: hugeBody }, totalBytes: hugeBody });
    expect(outcome.status).toBe(413);
    expect(outcome.sentEverything).toBe(false);
    expect(outcome.bytesAccepted).toBeLessThan(slack);
  });

  it("a Content-Length that understates the body, or none at all: the extra bytes are not read as a body", async () => {
    for (const framing of [{ kind: "content-length", announced: 20 }, { kind: "none" }] as const) {
      const outcome = await sendRudeRequest({ origin: app.origin, path: "/sign-in", headers: form, framing, totalBytes: hugeBody });
      expect(outcome.sentEverything, framing.kind).toBe(false);
      expect(outcome.closedByServer, framing.kind).toBe(true);
      expect(outcome.bytesAccepted, framing.kind).toBeLessThan(slack);
    }
  });

  it("every route, not only the sign-in form: an unknown path, a page without a form, a cross-site post", async () => {
    for (const [path, headers] of [
      ["/no-such-page", form],
      ["/home", form],
      ["/verify", form],
      ["/sign-out", { ...form, "Sec-Fetch-Site": "cross-site" }],
    ] as const) {
      const outcome = await sendRudeRequest({ origin: app.origin, path, headers, framing: { kind: "chunked" }, totalBytes: hugeBody });
      expect(outcome.sentEverything, path).toBe(false);
      expect(outcome.bytesAccepted, path).toBeLessThan(10 * megabyte + slack);
    }
  });

  it("a GET with a body is answered without reading the body", async () => {
    const outcome = await sendRudeRequest({ origin: app.origin, method: "GET", path: "/healthz", framing: { kind: "chunked" }, totalBytes: hugeBody });
    expect(outcome.status).toBe(200);
    expect(outcome.sentEverything).toBe(false);
    expect(outcome.bytesAccepted).toBeLessThan(slack);
  });

  it("says so in the requester's language", async () => {
    const japanese = await sendRudeRequest({ origin: app.origin, path: "/sign-in", headers: form, framing: { kind: "chunked" }, totalBytes: 2 * megabyte });
    expect(japanese.status).toBe(413);
    expect(japanese.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(japanese.body).toContain('<html lang="ja">');
    expect(japanese.body).toContain("送信した内容が大きすぎます");
    expect(japanese.body).toContain("1 MB");

    const cookie = (await languageCookie.serialize("en")).split(";")[0]!;
    const english = await sendRudeRequest({ origin: app.origin, path: "/sign-in", headers: { ...form, Cookie: cookie }, framing: { kind: "chunked" }, totalBytes: 2 * megabyte });
    expect(english.status).toBe(413);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain("What you sent is too large");
  });
});

describe("the paper-consent upload", () => {
  const paper = "/staff/participants/00000000-0000-0000-0000-000000000000/paper";
  const multipart = { "Content-Type": "multipart/form-data; boundary=x" };
  let coordinator: string;
  let participant: string;
  beforeAll(async () => {
    coordinator = await cookieFor(await createUser({ role: "coordinator", withTotp: true }));
    participant = await cookieFor(await createUser({ role: "participant" }));
  });

  it("may send a scan-sized body with a coordinator's session (then the route answers: here, no such participant)", async () => {
    for (const path of [paper, `${paper}.data`]) {
      const outcome = await sendRudeRequest({ origin: app.origin, path, headers: { ...multipart, Cookie: coordinator }, framing: { kind: "chunked" }, totalBytes: 5 * megabyte });
      expect(outcome.sentEverything, path).toBe(true);
      expect(outcome.status, path).not.toBe(413);
    }
  });

  // A stranger (or an account that may not upload) must not make the server hold ten megabytes per connection.
  it("keeps the ordinary limit for the signed-out and for accounts that may not record paper consents", async () => {
    for (const cookie of [undefined, participant, "tsunagi_session=forged.token"]) {
      const outcome = await sendRudeRequest({ origin: app.origin, path: paper, headers: { ...multipart, ...(cookie ? { Cookie: cookie } : {}) }, framing: { kind: "chunked" }, totalBytes: 5 * megabyte });
      expect(outcome.status, cookie ?? "signed out").toBe(413);
      expect(outcome.body, cookie ?? "signed out").toContain("1 MB");
      expect(outcome.bytesAccepted).toBeLessThan(1 * megabyte + slack);
    }
  });

  it("stops at its own limit", async () => {
    const outcome = await sendRudeRequest({ origin: app.origin, path: paper, headers: { ...multipart, Cookie: coordinator }, framing: { kind: "chunked" }, totalBytes: hugeBody });
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("10 MB");
    expect(outcome.bytesAccepted).toBeLessThan(10.5 * megabyte + slack);
  });
});

describe("ordinary bodies", () => {
  it("reach the route whatever their framing, and keep the connection", async () => {
    const body = "language=en&redirectTo=%2Fsign-in";
    for (const framing of [{ kind: "chunked" }, { kind: "content-length", announced: body.length }] as const) {
      const response = await fetch(`${app.origin}/language`, {
        method: "POST",
        headers: form,
        body: framing.kind === "chunked" ? new Blob([body]).stream() : body,
        redirect: "manual",
        // Node's fetch needs this for a streamed body.
        duplex: "half",
      });
      expect(response.status, framing.kind).toBe(302);
      expect(response.headers.get("set-cookie"), framing.kind).toMatch(/^lang=/);
      expect(response.headers.get("connection"), framing.kind).not.toBe("close");
    }
  });
});

describe("the pipeline bridge", () => {
  let bridge: TestBridge;
  let gateToken: string;
  beforeAll(async () => {
    bridge = await startTestBridge(db.url);
    gateToken = await issueTestToken(["gate:analyze"]);
  });
  afterAll(() => bridge.close());
  const json = { "Content-Type": "application/json" };

  it("refuses a chunked decision batch past its 8 MB limit and stops reading there", async () => {
    const outcome = await sendRudeRequest({ origin: bridge.url, path: "/v1/decisions", headers: { ...json, Authorization: `Bearer ${gateToken}` }, framing: { kind: "chunked" }, totalBytes: hugeBody });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({ error: "payload_too_large" });
    expect(outcome.sentEverything).toBe(false);
    expect(outcome.bytesAccepted).toBeLessThan(8.4 * megabyte + slack);
  });

  it("answers a refusal that needs no body (no token, unknown path) without reading the body", async () => {
    for (const [path, headers] of [
      ["/v1/decisions", json],
      ["/v1/no-such-thing", json],
    ] as const) {
      const outcome = await sendRudeRequest({ origin: bridge.url, path, headers, framing: { kind: "chunked" }, totalBytes: hugeBody });
      expect(outcome.status, path).toBeGreaterThanOrEqual(400);
      expect(outcome.sentEverything, path).toBe(false);
      expect(outcome.bytesAccepted, path).toBeLessThan(slack);
    }
  });

  it("refuses an announced body past the limit of a smaller endpoint before reading it", async () => {
    const outcome = await sendRudeRequest({
      origin: bridge.url,
      path: "/internal/v1/heartbeat",
      headers: { ...json, Authorization: `Bearer ${bridge.ingestToken}` },
      framing: { kind: "content-length", announced: hugeBody },
      totalBytes: hugeBody,
    });
    expect(outcome.status).toBe(413);
    expect(outcome.sentEverything).toBe(false);
    expect(outcome.bytesAccepted).toBeLessThan(slack);
  });
});
