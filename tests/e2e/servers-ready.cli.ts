// Playwright's last web server (playwright.config.ts): waits until every browser-test worker's app server answers
// /healthz and has finished starting (its data folder's `started` file, scripts/lib/started-marker.ts), says so on stdout (the config waits for that line), then stays up until Playwright stops it. The servers
// themselves start side by side, without waiting for each other (issue 26): one after another they took about
// 18 + 24 + 24 s of the browser step on CI's two cores.
import { existsSync, readFileSync } from "node:fs";
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

/** A server that did not get ready: whether it answers, whether its start finished, and its last log lines. */
async function whereItStopped(server: (typeof servers)[number]): Promise<string> {
  const answering = await answers(`${server.baseURL}/healthz`);
  const started = existsSync(startedMarkerPath(server.dataFolder));
  let tail = "(no log file)";
  try {
    tail = readFileSync(server.logFile, "utf8").trimEnd().split("\n").slice(-8).join("\n    ");
  } catch {
    // No log file yet: the start did not reach its first service.
  }
  return `  app ${server.index}: /healthz ${answering ? "answers" : "does not answer"}, start ${started ? "finished" : "not finished"}; last log lines:\n    ${tail}`;
}

while (ready.size < servers.length) {
  // Ready is answering and done starting: /healthz answers before the demo's release and transparency snapshot are
  // made, and a first test racing them read an older snapshot than the one it made (transparency.spec).
  for (const server of servers) {
    if (!ready.has(server.index) && existsSync(startedMarkerPath(server.dataFolder)) && (await answers(`${server.baseURL}/healthz`))) ready.add(server.index);
  }
  if (ready.size === servers.length) break;
  if (Date.now() > deadline) {
    const missing = servers.filter((server) => !ready.has(server.index));
    console.error(`browser-test servers not ready: ${missing.map((server) => `app ${server.index} (${server.baseURL})`).join(", ")}; their own output above says why`);
    // What each one had got to, in one place: CI's visible output may have lost the servers' own lines among the rest.
    for (const server of missing) console.error(await whereItStopped(server));
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`all ${servers.length} browser-test servers ready`);
// Kept alive until Playwright stops it with the servers.
setInterval(() => undefined, 60_000);
