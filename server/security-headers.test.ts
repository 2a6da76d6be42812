import type { Request, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";
import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

/** A response that keeps what is set on it, as Node's does (names case-insensitive). */
function recordingResponse(nonce?: string) {
  const headers = new Map<string, unknown>();
  return {
    headers,
    locals: nonce === undefined ? {} : { cspNonce: nonce },
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
}

const options: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`, "'strict-dynamic'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: false,
  referrerPolicy: { policy: "same-origin" },
  xFrameOptions: { action: "deny" },
};

function run(middleware: (req: Request, res: Response, next: () => void) => void, response: ReturnType<typeof recordingResponse>): void {
  let called = false;
  middleware({ method: "GET", url: "/", headers: {} } as Request, response as unknown as Response, () => (called = true));
  expect(called).toBe(true);
}

describe("helmet's headers worked out once (ADR 158)", () => {
  it("sends exactly what helmet sends for the same options, with each request's own nonce", () => {
    const once = securityHeaders(options, { "Permissions-Policy": "camera=()" });
    const first = recordingResponse();
    const second = recordingResponse();
    run(once, first);
    run(once, second);
    const nonce = (first.locals as { cspNonce: string }).cspNonce;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect((second.locals as { cspNonce: string }).cspNonce).not.toBe(nonce);

    // helmet itself, run per request with the same nonce: the same headers, the same values.
    const byHelmet = recordingResponse(nonce);
    run(helmet(options), byHelmet);
    byHelmet.headers.set("permissions-policy", "camera=()");
    expect(Object.fromEntries(first.headers)).toEqual(Object.fromEntries(byHelmet.headers));
    expect(first.headers.get("content-security-policy")).toContain(`'nonce-${nonce}'`);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
  });
});
