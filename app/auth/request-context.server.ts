import type { AppLoadContext } from "@remix-run/node";
import type { RequestContext } from "../domain/kernel/index";
import { readDeviceToken } from "./session-cookie.server";

export async function requestContextOf(request: Request, context: AppLoadContext): Promise<RequestContext> {
  return {
    ipAddress: context.clientAddress || "unknown",
    userAgent: request.headers.get("User-Agent"),
    deviceToken: await readDeviceToken(request),
  };
}
