import type { APIResponse } from "@playwright/test";
import { createUser, signInAs } from "./support/accounts";
import { expect, test } from "./fixtures";

test("[visitor] every page carries a nonce-based CSP and no framing (HSTS only over https); personal pages are not cached", async ({ page, context }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  // Plain http on this machine: HSTS means nothing here and is not sent (ADR 014; tests/integration/request-edge.test.ts
  // shows it sent when a trusted TLS proxy forwards the request).
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cache-control"]).toBe("no-store");
  // Every inline script Remix rendered carries this response's nonce (the browser hides it from the DOM).
  const html = await response!.text();
  const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);

  await signInAs(context, await createUser());
  const home = await page.goto("/home");
  expect(home!.headers()["cache-control"]).toBe("no-store");
  const second = await page.goto("/home");
  expect(/'nonce-([^']+)'/.exec(second!.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
});

test("[attacker] a form posted from another site is refused before it reaches the app", async ({ request }) => {
  const crossSite = await request.post("/sign-out", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
  expect(crossSite.status()).toBe(403);
  const foreignOrigin = await request.post("/language", { headers: { Origin: "https://evil.example" }, form: { language: "en" }, maxRedirects: 0 });
  expect(foreignOrigin.status()).toBe(403);
  const sameOrigin = await request.post("/language", { headers: { "Sec-Fetch-Site": "same-origin" }, form: { language: "en" }, maxRedirects: 0 });
  expect(sameOrigin.status()).toBe(302);
});

test("[attacker] an oversized body is refused without being read", async ({ request }) => {
  const response = await request.post("/sign-in", { headers: { "Sec-Fetch-Site": "same-origin" }, form: { intent: "password", email: "a@b.jp", password: "x".repeat(1_100_000) } });
  expect(response.status()).toBe(413);
});

/** The server answers 413 and closes before a large body is sent; the client may see the answer or the reset. */
function statusOrRefusal(pending: Promise<APIResponse>): Promise<string> {
  return pending.then(
    (response) => String(response.status()),
    (error: Error) => (/ECONNRESET|EPIPE/.test(error.message) ? "refused mid-upload" : error.message),
  );
}

test("[attacker] only a staff member's paper-consent upload may send a scan-sized body, and not beyond its limit", async ({ context, request }) => {
  const headers = { "Sec-Fetch-Site": "same-origin" };
  const paper = "/staff/participants/00000000-0000-0000-0000-000000000000/paper";
  const scan = { name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(2_000_000, 0x20) };
  // Signed out, the upload path keeps the ordinary limit: a stranger cannot make the server hold a scan's worth.
  expect(["413", "refused mid-upload"]).toContain(await statusOrRefusal(request.post(paper, { headers, multipart: { scan }, maxRedirects: 0 })));
  expect(["413", "refused mid-upload"]).toContain(await statusOrRefusal(request.post("/consent/questions", { headers, multipart: { scan }, maxRedirects: 0 })));
  // A coordinator's scan fits through the size check; the route then answers (here: no such participant).
  await signInAs(context, await createUser({ role: "coordinator", withTotp: true }));
  const fitting = await context.request.post(paper, { headers, multipart: { scan }, maxRedirects: 0 });
  expect(fitting.status()).not.toBe(413);
  const huge = { ...scan, buffer: Buffer.alloc(11_000_000, 0x20) };
  expect(["413", "refused mid-upload"]).toContain(await statusOrRefusal(context.request.post(paper, { headers, multipart: { scan: huge }, maxRedirects: 0 })));
});
