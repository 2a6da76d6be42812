/**
 * `npm start` offers no sign-in before its account exists (issue 55 Deliver 6): the demo seed runs while the app
 * builds and starts, so the app's landing and sign-in pages say the demo is being prepared until the seed is done
 * (server/starting-page.ts), and the terminal prints the sign-ins only once they work.
 *
 * The first part runs the cluster `npm start` runs, with the end of the preparation in the test's hands; the second
 * runs `npm start` itself (compiled, on an embedded PostgreSQL of its own, without the cohort) and signs in with each
 * printed account the moment it is printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { seedDemoAccounts } from "../../app/wiring/demo/seed-demo-accounts.server";
import type { DemoAccount } from "../../app/wiring/demo/demo-file";
import { startAppCluster, type AppCluster } from "../../server/app-cluster";
import { ensureServicesBuild, servicesEntry, startNodeFlags } from "../../scripts/lib/services-build";
import { startedMarkerPath } from "../../scripts/lib/started-marker";
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from "../../scripts/lib/postgres";
import { useTestDatabase } from "../support/database";
import { freePort } from "../support/free-port";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();

const startingText = { en: "Tsunagi is starting", ja: "つなぎを起動しています", "ja-easy": "アカウントを" } as const;

interface Answer {
  status: number;
  body: string;
  location: string | null;
  setCookie: string | null;
  retryAfter: string | null;
}

async function ask(origin: string, pathname: string, init: { language?: string; form?: Record<string, string> } = {}): Promise<Answer> {
  // The language cookie as the app's language switch sets it.
  const headers: Record<string, string> = { cookie: (await languageCookie.serialize(init.language ?? "en")).split(";")[0]! };
  // No Origin header: a client that is not a browser (server/cross-site.ts), whatever address the app thinks it has.
  if (init.form) headers["content-type"] = "application/x-www-form-urlencoded";
  const response = await fetch(origin + pathname, {
    method: init.form ? "POST" : "GET",
    headers,
    body: init.form ? new URLSearchParams(init.form) : undefined,
    redirect: "manual",
  });
  return { status: response.status, body: await response.text(), location: response.headers.get("location"), setCookie: response.headers.get("set-cookie"), retryAfter: response.headers.get("retry-after") };
}

function signIn(origin: string, account: { email: string; password: string }): Promise<Answer> {
  return ask(origin, "/sign-in?index", { form: { intent: "password", email: account.email, password: account.password, redirectTo: "" } });
}

/** A password sign-in that worked: on to the account's home, or to its second factor (staff). */
function expectSignedIn(answer: Answer, role: string): void {
  expect({ role, status: answer.status }).toEqual({ role, status: 302 });
  expect(answer.location).not.toContain("/sign-in?");
}

describe("the landing and sign-in pages while the demo is being prepared", () => {
  let cluster: AppCluster | undefined;
  let accounts: DemoAccount[] = [];
  let prepared: () => void = () => undefined;

  beforeAll(async () => {
    accounts = await seedDemoAccounts([]);
    cluster = await startAppCluster({ workers: 1, port: 0, host: "127.0.0.1", mode: "production", log: () => undefined, preparing: new Promise<void>((resolve) => (prepared = resolve)) });
  }, 180_000);

  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  it("say in each language that the demo accounts are being prepared, refuse a sign-in, and give way to the sign-in once prepared", async () => {
    const origin = `http://127.0.0.1:${cluster!.port}`;
    for (const language of ["en", "ja", "ja-easy"] as const) {
      for (const page of ["/", "/sign-in"]) {
        const answer = await ask(origin, page, { language });
        expect({ language, page, status: answer.status }).toEqual({ language, page, status: 503 });
        expect(answer.body).toContain(startingText[language]);
        expect(answer.retryAfter).toBe("5");
        // Works without JavaScript: a reload link and language forms, no script at all.
        expect(answer.body).not.toContain("<script");
        expect(answer.body).toContain('href=""');
        if (language === "ja-easy") expect(answer.body).toContain("<ruby>準備<rt");
        // No sign-in form is offered.
        expect(answer.body).not.toContain('name="password"');
      }
    }
    const participant = accounts.find((account) => account.role === "participant")!;
    const refused = await signIn(origin, participant);
    expect(refused.status).toBe(503);
    expect(refused.setCookie).toBeNull();
    // What is not a sign-in is served as usual.
    expect((await ask(origin, "/healthz")).status).toBe(200);

    prepared();
    let signInPage = await ask(origin, "/sign-in");
    while (signInPage.status === 503) signInPage = await ask(origin, "/sign-in");
    expect(signInPage.status).toBe(200);
    expect(signInPage.body).toContain('name="password"');
    expect((await ask(origin, "/")).status).toBe(200);
    expectSignedIn(await signIn(origin, participant), "participant");
  }, 60_000);
});

describe("npm start", () => {
  let child: ChildProcess | undefined;
  let folder = "";

  beforeAll(async () => {
    await ensureServicesBuild();
    folder = mkdtempSync(path.join(tmpdir(), "tsunagi-start-"));
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it("serves no sign-in page and prints no sign-in before its account exists, and every printed sign-in works when printed", async () => {
    const [port, bridgePort, postgresPort] = [await freePort(), await freePort(), await freePort()];
    const origin = `http://localhost:${port}`;
    const environment: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), BRIDGE_PORT: String(bridgePort), EMBEDDED_POSTGRES_PORT: String(postgresPort), TSUNAGI_DATA_DIR: folder, APP_URL: origin, DEMO_COHORT: "0", SKIP_BUILD: "1", WEB_CONCURRENCY: "1", LOG_LEVEL: "warn" };
    delete environment.DATABASE_URL;
    delete environment.LOG_FILE;
    child = spawn(process.execPath, [...startNodeFlags, servicesEntry("start")], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));

    // The demo's accounts as the database holds them, asked as the embedded server's owner.
    const demoAccountsInDatabase = async (): Promise<number> => {
      const client = new pg.Client(`postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${postgresPort}/tsunagi`);
      await client.connect();
      try {
        const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM "User" WHERE email LIKE '%@demo.tsunagi.test'`);
        return rows[0]!.count;
      } finally {
        await client.end();
      }
    };

    // Every printed sign-in is tried as soon as the line that lists them has arrived, before the start goes on.
    let output = "";
    const printed = new Promise<{ role: string; email: string; password: string }[]>((resolve) => {
      child!.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        const block = /Demo sign-ins \(also in [^)]*\):\n((?: {2}\S+ +\S+@\S+ +\S+.*\n)+)/.exec(output);
        if (!block) return;
        child!.stdout!.removeAllListeners("data");
        resolve(block[1]!.trimEnd().split("\n").map((line) => {
          const [role, email, password] = line.trim().split(/\s+/);
          return { role: role!, email: email!, password: password! };
        }));
      });
    });
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));

    // Until then, the sign-in page is asked again and again: each answer is the starting page, or a sign-in page
    // served when the demo's accounts were already in the database.
    const seen = { starting: 0, signIn: 0 };
    let done = false;
    const watching = (async () => {
      while (!done) {
        const answer = await ask(origin, "/sign-in").catch(() => null);
        if (answer?.status === 503) {
          expect(answer.body).toContain(startingText.en);
          seen.starting++;
        } else if (answer?.status === 200) {
          expect(await demoAccountsInDatabase()).toBeGreaterThanOrEqual(14);
          seen.signIn++;
        } else if (answer) throw new Error(`/sign-in answered ${answer.status} during the start`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    watching.catch(() => undefined); // awaited below

    const accounts = await Promise.race([printed, exited.then((code) => Promise.reject(new Error(`npm start exited (${code}) before printing sign-ins:\n${output}\n${errors}`)))]);
    expect(accounts.map((account) => account.role)).toEqual(expect.arrayContaining(["participant", "coordinator", "admin"]));
    for (const account of accounts) expectSignedIn(await signIn(origin, account), account.role);
    done = true;
    await watching;
    while (!existsSync(startedMarkerPath(folder))) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.signIn + seen.starting).toBeGreaterThan(0);
  }, 240_000);
});
