import type { Env } from "../app/env.server";
import { isLoopbackHost } from "@tsunagi/service-kit/loopback";

/**
 * Settings that start but leave the edge half-working (ADR 014); `npm start` and `npm run dev` print each before
 * serving. None stops the process: a developer may mean it for a moment.
 */
export function edgeWarnings(env: Pick<Env, "APP_URL" | "HOST" | "TRUST_PROXY">): string[] {
  const appUrl = new URL(env.APP_URL);
  const warnings: string[] = [];
  if (appUrl.protocol === "http:" && !isLoopbackHost(appUrl.hostname)) {
    warnings.push(
      `APP_URL (${appUrl.origin}) is plain http on a host other than this machine: the sign-in cookie is marked Secure, so browsers will not keep it and nobody can sign in. Serve the app over https (a TLS proxy) and set APP_URL to that address.`,
    );
  }
  if (!isLoopbackHost(env.HOST) && isLoopbackHost(appUrl.hostname)) {
    warnings.push(
      `HOST (${env.HOST}) opens the app beyond this machine, but APP_URL (${appUrl.origin}) names this machine: links in mail and passkeys will point there. Set APP_URL to the https address people use.`,
    );
  }
  if (appUrl.protocol === "https:" && !env.TRUST_PROXY) {
    warnings.push(
      "APP_URL is https but TRUST_PROXY is unset: the app speaks plain http behind its TLS proxy, so set TRUST_PROXY to that proxy's address, or client addresses will be the proxy's and HSTS will not be sent.",
    );
  }
  return warnings;
}
