// Playwright's last web server (playwright.config.ts): waits until every browser-test worker's app server answers
// /healthz and has finished starting (its data folder's `started` file, scripts/lib/started-marker.ts), says so on stdout (the config waits for that line), then stays up until Playwright stops it. The servers
// themselves start side by side, without waiting for each other (issue 26): one after another they took about
// 18 + 24 + 24 s of the browser step on CI's two cores.
import { existsSync } from "node:fs";
import { startedMarkerPath } from "../../scripts/lib/started-marker";
import { e2eServer, e2eWorkerCount } from "./support/e2e-servers";

const servers = Array.from({ length: e2eWorkerCount() }, (_, index) => e2eServer(index));
const deadline = Date.now() + 170_000;
const ready = new Set<number>();

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

// Playwright starts this right after the servers' commands, long before any can answer: one answering already is a
// server left over from an earlier run on the same port, which the new one cannot replace. Refused, as Playwright
// refuses a busy url.
for (const server of servers) {
  if (await answers(`${server.baseURL}/healthz`)) {
    console.error(`${server.baseURL} already answers: a browser-test server from an earlier run is still up; stop it first`);
    process.exit(1);
  }
}

while (ready.size < servers.length) {
  // Ready is answering and done starting: /healthz answers before the demo's release and transparency snapshot are
  // made, and a first test racing them read an older snapshot than the one it made (transparency.spec).
  for (const server of servers) {
    if (!ready.has(server.index) && existsSync(startedMarkerPath(server.dataFolder)) && (await answers(`${server.baseURL}/healthz`))) ready.add(server.index);
  }
  if (ready.size === servers.length) break;
  if (Date.now() > deadline) {
    const missing = servers.filter((server) => !ready.has(server.index)).map((server) => `app ${server.index} (${server.baseURL})`);
    console.error(`browser-test servers not ready: ${missing.join(", ")}; their own output above says why`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`all ${servers.length} browser-test servers ready`);
// Kept alive until Playwright stops it with the servers.
setInterval(() => undefined, 60_000);
