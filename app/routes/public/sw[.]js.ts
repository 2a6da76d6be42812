import { serviceWorkerScript } from "../../pwa/service-worker-script.server";

/**
 * The service worker (ADR 109), at the origin's root so that its scope is the whole app. `no-cache`: the browser asks
 * each time it checks for an update, so a new version reaches every device at its next visit.
 */
export async function loader() {
  return new Response(await serviceWorkerScript(), {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" },
  });
}
