import { startLogLevel } from "./lib/start-log-level";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureMailboxKey, mailboxKeyPath } from "../app/domain/mail/index.server";
import { dataDir, getEnv } from "../app/env.server";
import { applyMigrations } from "../prisma/migrations-engine";
import type { DemoFile } from "../app/wiring/demo/demo-file";
import { edgeWarnings } from "../server/edge-warnings";
import { localUrlOf, reachOf } from "@tsunagi/service-kit/listen-address";
import { metricsSettingsOf, startServiceMetrics, type ProcessMetrics, type RunningMetricsServer } from "@tsunagi/service-kit/metrics";
import { ensureAppBuild } from "./lib/app-build";
import { ensurePostgres, redactUrl } from "./lib/postgres";
import { ensureServiceLogins, LOGINS_FILE } from "./lib/service-logins";
import { startedMarkerPath } from "./lib/started-marker";
import { collectStartGarbage } from "./lib/collect-start-garbage";
import { startTracing } from "@tsunagi/service-kit/tracing";

const step = (message: string) => console.log(`[tsunagi] ${message}`);

/**
 * Everything `npm start` does (scripts/start.ts, which sets the log level first); `started` is when the process began.
 * The developer's one machine, not a deployment's wiring: PostgreSQL, its migrations and logins, the build and the
 * demo, and the five services started as their own entries start them (server/web-app.ts, services/*; ADR 129), each
 * on its own login, in this process.
 */
export async function startServices(started: number): Promise<void> {
  const env = getEnv(); // validates every variable before anything starts
  // The relay's and the bridge's spans of each consent change (this process runs them), when a collector is set (ADR 170).
  startTracing("tsunagi", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  rmSync(startedMarkerPath(), { force: true });
  const appUrl = env.APP_URL;
  const bridgeUrl = localUrlOf(env.BRIDGE_HOST, env.BRIDGE_PORT, "localhost");

  // In a process group of its own, so Ctrl+C reaches it only through stop() below, after everything that uses it.
  // In a terminal, the embedded server gets a process group of its own, so Ctrl+C (sent to the whole foreground group)
  // leaves it to be stopped last, after the services using it. Not otherwise: a supervisor that stops npm start by
  // killing its process group (Playwright's web servers, CI) must take PostgreSQL with it, or it would be orphaned
  // holding its port — until it noticed its data folder gone, a minute later (the browser tests' next start failed).
  const postgres = await ensurePostgres({ log: (line) => step(line), ownProcessGroup: process.stdin.isTTY === true });
  process.env.DATABASE_URL = postgres.url;
  step(`PostgreSQL: ${redactUrl(postgres.url)}${postgres.embedded ? " (embedded)" : ""}`);

  const applied = await applyMigrations(postgres.url);
  step(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database schema is up to date");
  // Each service logs in as its own login (ADR 055), as in production: the app's processes (workers, job queue,
  // checkpointer, scheduled jobs, the seed) from here on through DATABASE_URL, the relay and the bridge through theirs.
  // The owner's URL above is used for the migrations only.
  const logins = await ensureServiceLogins({ ownerUrl: postgres.url, file: path.join(dataDir(env), LOGINS_FILE) });
  const loginUrl = (service: "app" | "relay" | "bridge") => logins.find((login) => login.service === service)!.url;
  process.env.DATABASE_URL = loginUrl("app");
  step(`Database logins: ${logins.map((login) => `${login.service} as ${login.login}`).join(", ")} (passwords in ${path.join(dataDir(env), LOGINS_FILE)})`);
  // Short codes stored before ADR 013 as a bare SHA-256 are wrapped in the keyed hash (needs the app secret).
  const { rekeyLegacyCodeHashes } = await import("../app/domain/security/index.server");
  const { rekeyed } = await rekeyLegacyCodeHashes();
  if (rekeyed > 0) step(`Re-keyed ${rekeyed} stored code hash(es) (ADR 013)`);

  // React and Remix pick their production code paths from NODE_ENV when first imported, which happens below (the
  // seed's mail templates included).
  process.env.NODE_ENV = "production";
  // The demo seed needs only the database, so it runs while Vite builds the app in a child process and while the app's
  // workers load the build: on a first start the build and the seed are each 12–13 s on a quiet machine of two cores,
  // and one after the other they were most of the wait (issue 55). The app serves meanwhile, but its landing and
  // sign-in pages say the demo is being prepared until the seed is done (`preparing`, server/starting-page.ts), and
  // the sign-ins are printed only after: none is offered before its account exists. On a second start the seed finds
  // everything in place and adds nothing.
  const seedStarted = Date.now();
  const seeding = seedDemo(appUrl, bridgeUrl);
  seeding.catch(() => undefined); // awaited below, after the build

  // Built only when its inputs changed since the last build (scripts/lib/app-build.ts); SKIP_BUILD=1 never builds.
  // Its output (Vite's warnings and sizes) goes to a file, and to the terminal only if the build fails.
  if (process.env.SKIP_BUILD !== "1") {
    const buildLog = path.join(dataDir(env), "build.log");
    let output = "";
    const buildStarted = Date.now();
    try {
      const { built } = await ensureAppBuild({ log: (line) => step(line.replace(")…", `; output in ${buildLog})…`)), output: (text) => (output += text) });
      if (built) step(`Built the web app in ${((Date.now() - buildStarted) / 1000).toFixed(0)} s`);
      else step("The web app's build is up to date");
    } catch (error) {
      console.error(output.split("\n").slice(-60).join("\n"));
      throw error;
    } finally {
      if (output) writeFileSync(buildLog, output);
    }
  }

  // The five processes a deployment runs apart (ADR 129), here in this one process, each started as its own entry
  // starts it: with its own settings, on its own database login. First the web app (server/web-app.ts: its login
  // checked, WEB_CONCURRENCY workers), while the seed runs.
  const { startWebApp } = await import("../server/web-app");
  const appStarting = startWebApp({ ...env, NODE_ENV: "production" }, { log: step, preparing: seeding, besideServices: true });
  appStarting.catch(() => undefined); // awaited below, once the demo is in place
  // The job worker (services/job-worker) and the ledger checkpointer (services/ledger-checkpointer), as the app's
  // role: loaded while the web app's workers load the build (much of the domain code: a second or more), started once
  // they listen.
  const backgroundStarting = (async () => {
    const [{ startJobWorker }, { parseJobWorkerEnv }, { startLedgerCheckpointerFromEnv }, { parseCheckpointerEnv }] = await Promise.all([
      import("@tsunagi/job-worker/job-worker"),
      import("@tsunagi/job-worker/job-worker-env"),
      import("@tsunagi/ledger-checkpointer/ledger-checkpointer"),
      import("@tsunagi/ledger-checkpointer/checkpointer-env"),
    ]);
    await appStarting;
    const checkpointer = await startLedgerCheckpointerFromEnv(parseCheckpointerEnv(process.env));
    const worker = await startJobWorker(parseJobWorkerEnv(process.env));
    return { checkpointer, worker };
  })();
  backgroundStarting.catch(() => undefined); // awaited below, once the demo is in place
  // An app that cannot start (its port taken) stops the start at once rather than after the seed.
  const demo = await Promise.race([seeding, appStarting.then(() => seeding)]);
  const { demoFilePath, writeDemoFile } = await import("./seed");
  step(`Demo data ready (${demo.accounts.length} accounts${demo.cohort ? `, a cohort of ${demo.cohort.participants.toLocaleString("en-US")}` : ""}; ${((Date.now() - seedStarted) / 1000).toFixed(1)} s); written to ${demoFilePath()}`);
  // The bridge (services/pipeline-bridge) on its own login.
  const { startBridgeFromEnv } = await import("../services/pipeline-bridge/src/run-bridge");
  const { parseBridgeEnv } = await import("../services/pipeline-bridge/src/bridge-env");
  const bridge = await startBridgeFromEnv(parseBridgeEnv(process.env), { databaseUrl: loginUrl("bridge") });
  // The relay (services/outbox-relay, ADR 103) on its own login; on one machine its token is issued here.
  const { startOutboxRelayFromEnv } = await import("@tsunagi/outbox-relay/start-outbox-relay");
  const { parseRelayEnv } = await import("@tsunagi/outbox-relay/relay-env");
  const { resolveRelayToken } = await import("../server/relay-token");
  const relay = await startOutboxRelayFromEnv(parseRelayEnv(process.env), { databaseUrl: loginUrl("relay"), relayToken: await resolveRelayToken(env) });
  // The demo's release under its data-access approval (issue 15 item 7), made once the relay has handed the bridge the
  // approval; kept in demo.json, so a restart makes none.
  const { seedDemoRelease } = await import("../app/wiring/demo/seed-demo-data-access.server");
  const release = await seedDemoRelease({ demo, bridgeUrl: bridge.url });
  if (!release.ok) console.warn(`[tsunagi] Warning: no demo release (${release.reason}); demo.json's dataAccess.notes say how to make one`);
  let written = demo;
  if (release.ok && release.created && demo.dataAccess) {
    written = { ...demo, dataAccess: { ...demo.dataAccess, release: release.release } };
    writeDemoFile(written);
    step(`Demo release ${release.release.id}: ${release.release.includedCount} of ${release.release.requestedCount} samples under approval ${release.release.approvalId}`);
  }
  // The demo's study invitation chosen by genome (issue 57 item 4; ADR 138): asked of the bridge under the same approval
  // and taken up at once; kept in demo.json, so a restart asks nothing again.
  const { seedDemoStudyInvitation } = await import("../app/wiring/demo/seed-demo-study-invitation.server");
  const invitation = await seedDemoStudyInvitation({ demo: written, bridgeUrl: bridge.url });
  if (!invitation.ok) console.warn(`[tsunagi] Warning: no demo study invitation (${invitation.reason})`);
  else if (invitation.created && written.dataAccess) {
    writeDemoFile({ ...written, dataAccess: { ...written.dataAccess, studyInvitation: invitation.invitation } });
    step(`Demo study invitation: ${invitation.invitation.invited} invited to ${invitation.invitation.studyId} (${invitation.invitation.invitableCount} of ${invitation.invitation.askedCount} invitable by consent)`);
  }
  // Transparency (issue 16 item 5): a checkpoint and a snapshot now, so the public pages show the demo as it is, and
  // once a published report; after this the job queue's cron keeps both hourly.
  const { seedDemoTransparency } = await import("../app/wiring/demo/seed-demo-transparency.server");
  const transparency = await seedDemoTransparency(demo.accounts);
  const app = await appStarting;
  const { checkpointer, worker } = await backgroundStarting;
  const metrics = await startLocalMetrics(env, app);
  // The calendar's first run (majority check, updates digest) now that the demo exists, as part of the start.
  await worker.runScheduledJobsNow();
  step(`Transparency: snapshot ${transparency.snapshotId}${transparency.checkpointSeq ? `, checkpoint ${transparency.checkpointSeq}` : ""}${transparency.report ? `, report /transparency/reports/${transparency.report.slug} v${transparency.report.version}` : ""}`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
Tsunagi is running (ready in ${seconds} s)
  App:    ${appUrl}  (listening on ${reachOf(env.HOST, "HOST")}; ${app.workers} process${app.workers === 1 ? "" : "es"}, WEB_CONCURRENCY)
  Bridge: ${bridgeUrl}  (listening on ${reachOf(env.BRIDGE_HOST, "BRIDGE_HOST")}; GET /readyz, /openapi.json; the demo file's bridgeToken asks it)
  Relay:  consent outbox → bridge${env.NATS_URL ? ` and NATS JetStream (stream TSUNAGI_CONSENT)` : ""}
  Metrics: ${metrics.url}  (${reachOf(env.METRICS_HOST, "METRICS_HOST")}; Prometheus text for every process above, METRICS_PORT)
  Ledger: signed checkpoints in ${checkpointer.logFile} (npm run ledger:verify)
  Public: ${appUrl}/transparency (figures, release log), ${appUrl}/transparency/checkpoints.json (signed heads, npm run checkpoints:verify)
${postgres.embedded ? `  Data:   ${path.dirname(demoFilePath())}\n` : ""}
Demo sign-ins (also in ${demoFilePath()}):
${demo.accounts
  .map((account) => `  ${account.role.padEnd(16)} ${account.email.padEnd(38)} ${account.password}${account.totpSecret ? `  TOTP key ${account.totpSecret}` : ""}`)
  .join("\n")}
Demo participants (pseudonym, samples, consent state):
${demo.participants.map((participant) => `  ${participant.pseudonym}  ${participant.sampleCodes.join(" ").padEnd(26)} ${participant.state}`).join("\n")}
${cohortLines(demo)}
${dataAccessLines(demo, release.ok ? release.release.id : null)}
Ask the gate: TSUNAGI_GATE_URL=${bridgeUrl} TSUNAGI_GATE_TOKEN=<bridgeToken> services/pipeline-bridge/bin/tsunagi-gate check --action analyze --subject <sample> --purpose DUO:0000006
Staff accounts need the TOTP key in an authenticator app (or: npx tsx scripts/totp-code.ts <role>).
${mailboxLine(appUrl)}
${startLogLevel === "warn" && !process.env.LOG_FILE ? "Logs: warnings and errors only; LOG_LEVEL=info npm start shows a line per request (ADR 027)." : `Logs: at ${startLogLevel}${process.env.LOG_FILE ? ` in ${process.env.LOG_FILE}` : ""}.`}
Press Ctrl+C to stop.
`);
  for (const warning of edgeWarnings(env)) console.warn(`[tsunagi] Warning: ${warning}`);
  collectStartGarbage();
  // Everything above is done, the demo's release and transparency snapshot included: tools that wait for a whole
  // start (the browser tests' servers-ready) read this file, since /healthz answers as soon as the app listens.
  writeFileSync(startedMarkerPath(), `${new Date().toISOString()}\n`);

  // In order, each after what depends on it: the job worker and the checkpointer (they write to the database and wake
  // the relay), the relay (it feeds the bridge), the bridge, the web app, then PostgreSQL.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    step("Stopping: the job worker and the checkpointer, the relay, the bridge, the web app, then PostgreSQL…");
    await Promise.all([worker.stop(), checkpointer.stop()]);
    await relay.stop();
    await metrics.close();
    await bridge.close();
    await app.stop();
    await postgres.stop();
    step("Stopped.");
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

/**
 * The one `GET /metrics` of `npm start` (ADR 169): this process runs the bridge, the relay, the checkpointer and the job
 * worker, so its registry holds theirs, summed with the web app's workers'. METRICS_PORT, else 9464 (Prometheus's
 * port for an exporter of this kind); when that is taken (a second `npm start`, the browser tests' three servers) and
 * METRICS_PORT was not set, a free port, printed.
 */
async function startLocalMetrics(env: ReturnType<typeof getEnv>, app: { workerMetrics(): Promise<ProcessMetrics[]> }): Promise<RunningMetricsServer> {
  const settings = metricsSettingsOf(env);
  const start = (port: number) => startServiceMetrics("bridge", { ...settings, port }, () => app.workerMetrics()) as Promise<RunningMetricsServer>;
  if (settings.port !== undefined) return start(settings.port);
  return start(DEFAULT_METRICS_PORT).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EADDRINUSE") throw error;
    return start(0);
  });
}

const DEFAULT_METRICS_PORT = 9464;

/** The demo seed (scripts/seed.ts), with the cohort unless DEMO_COHORT says otherwise. */
async function seedDemo(appUrl: string, bridgeUrl: string): Promise<DemoFile> {
  const { seed } = await import("./seed");
  const { DEMO_COHORT_SIZE } = await import("../app/wiring/demo/seed-demo-cohort.server");
  // DEMO_COHORT=0 leaves the cohort out: the browser tests' servers do, since their tests are written about the
  // demo's handful of named participants (and a start without it is half a minute shorter on two cores).
  const cohortSize = process.env.DEMO_COHORT === undefined ? DEMO_COHORT_SIZE : Math.max(0, Number.parseInt(process.env.DEMO_COHORT, 10) || 0);
  return seed({ appUrl, bridgeUrl, cohort: cohortSize });
}

/** The demo cohort (issue 29) behind the transparency figures, and the member to try withdrawal with. */
function cohortLines(demo: DemoFile): string {
  const cohort = demo.cohort;
  if (!cohort) {
    return process.env.DEMO_COHORT === "0"
      ? "No demo cohort (DEMO_COHORT=0)."
      : "No demo cohort: this database's ledger held events before one could be made in front of them (a new data folder or database gets one).";
  }
  return `Demo cohort: ${cohort.participants.toLocaleString("en-US")} synthetic participants enrolled since ${cohort.since}, behind the figures at /transparency.
Try withdrawal as ${cohort.tryWithdrawal.email}  ${cohort.tryWithdrawal.password}  (${cohort.tryWithdrawal.pseudonym}; nothing else in the demo rests on them)`;
}

/** The data-access demo (issue 15 item 7): its applications by state, the approval and the release under it. */
function dataAccessLines(demo: DemoFile, releaseId: string | null): string {
  const access = demo.dataAccess;
  if (!access) return "";
  return `Demo data-access applications (applicant ${access.applicant}; committee and roles in demo.json "dataAccess"):
${access.applications.map((application) => `  ${application.reference.padEnd(14)} ${application.state}`).join("\n")}
  Approval ${access.approval.id} (${access.approval.applicationReference}, dataset ${access.approval.datasets.join(" ")})${releaseId ? `, release ${releaseId}` : ""}`;
}

/** Without SMTP_URL: where mail is kept, and the link (with its key) that opens the mailbox page. */
function mailboxLine(appUrl: string): string {
  if (getEnv().SMTP_URL) return "Mail goes to SMTP_URL.";
  const key = ensureMailboxKey();
  return `Without SMTP_URL, mail is kept in ${path.join(dataDir(), "mail")}; read it at
  ${appUrl}/dev/mailbox?key=${key}
(the key, also in ${mailboxKeyPath()}, is what opens it: the mail holds sign-in links).`;
}

