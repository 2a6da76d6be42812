import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";

/** Stands for the request's nonce while helmet works out the headers once; never sent. */
const NONCE_PLACEHOLDER = "tsunagi-nonce-placeholder";

type HeaderValue = string | number | readonly string[];

/**
 * helmet's headers, worked out once at start (ADR 158) rather than by its twelve middlewares on every request (about
 * 2 % of a signed-in page's CPU): helmet is run here against a recording response whose nonce is a placeholder, and each
 * request then gets the recorded headers with its own nonce (a fresh 128-bit one in `res.locals.cspNonce`, for the
 * page's scripts), and the extra headers given. helmet stays the one definition of the headers and their values;
 * only the nonce differs per request, and only through `directives` functions that read `res.locals.cspNonce`.
 */
export function securityHeaders(options: HelmetOptions, extra: Record<string, string>): (req: Request, res: Response, next: NextFunction) => void {
  const recorded = new Map<string, HeaderValue>();
  const removed = new Set<string>();
  const recorder = {
    locals: { cspNonce: NONCE_PLACEHOLDER },
    setHeader(name: string, value: HeaderValue) {
      recorded.set(name, value);
      removed.delete(name.toLowerCase());
    },
    removeHeader(name: string) {
      recorded.delete(name);
      removed.add(name.toLowerCase());
    },
  };
  let finished = false;
  helmet(options)({ method: "GET", url: "/", headers: {} } as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // helmet's middlewares are synchronous; one that was not would leave its headers out of every response.
  if (!finished) throw new Error("helmet did not finish synchronously; its headers cannot be worked out once");
  for (const [name, value] of Object.entries(extra)) recorded.set(name, value);
  const fixed: [string, HeaderValue][] = [];
  const withNonce: [string, string, string][] = [];
  for (const [name, value] of recorded) {
    if (typeof value === "string" && value.includes(NONCE_PLACEHOLDER)) {
      const at = value.indexOf(NONCE_PLACEHOLDER);
      if (value.indexOf(NONCE_PLACEHOLDER, at + 1) !== -1) throw new Error(`${name} names the nonce twice`);
      withNonce.push([name, value.slice(0, at), value.slice(at + NONCE_PLACEHOLDER.length)]);
    } else fixed.push([name, value]);
  }
  const removedNames = [...removed];
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    for (const [name, value] of fixed) res.setHeader(name, value);
    for (const [name, before, after] of withNonce) res.setHeader(name, before + nonce + after);
    for (const name of removedNames) res.removeHeader(name);
    next();
  };
}
