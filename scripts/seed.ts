/**
 * Seeds demo data and writes `<data dir>/demo.json`. Idempotent: a second run keeps existing accounts and
 * their credentials. Run by `npm start`; on its own with `npm run db:seed` (DATABASE_URL or the embedded server).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { seedDemoAccounts } from "../app/wiring/demo/seed-demo-accounts.server";
import { seedDemoParticipants } from "../app/wiring/demo/seed-demo-participants.server";
import { seedDemoQuestions } from "../app/wiring/demo/seed-demo-questions.server";
import { seedDemoEnquiries } from "../app/wiring/demo/seed-demo-enquiries.server";
import { seedDemoBriefings } from "../app/wiring/demo/seed-demo-briefings.server";
import { seedDemoSurveys } from "../app/wiring/demo/seed-demo-surveys.server";
import { seedDemoPanelCalls } from "../app/wiring/demo/seed-demo-panel-calls.server";
import { seedDemoPanelClaims } from "../app/wiring/demo/seed-demo-panel-claims.server";
import { DEMO_COHORT_SIZE, seedDemoCohort } from "../app/wiring/demo/seed-demo-cohort.server";
import { demoFacilities } from "../app/wiring/demo/seed-demo-facilities.server";
import { seedDemoFindings } from "../app/wiring/demo/seed-demo-findings.server";
import { seedDemoResults } from "../app/wiring/demo/seed-demo-results.server";
import { seedDemoRecontactCampaign } from "../app/wiring/demo/seed-demo-recontact-campaign.server";
import { seedDemoFamily } from "../app/wiring/demo/seed-demo-family.server";
import { seedDemoConsultations } from "../app/wiring/demo/seed-demo-consultations.server";
import { seedDemoPanelMeetings } from "../app/wiring/demo/seed-demo-panel-meetings.server";
import { seedDemoUpdates } from "../app/wiring/demo/seed-demo-updates.server";
import { seedDemoDataAccess } from "../app/wiring/demo/seed-demo-data-access.server";
import { apiTokenScopes } from "@tsunagi/consent-rules/api-token-scopes";
import { ensureApiToken } from "../app/domain/api-tokens/index.server";
import { DemoFileSchema, type DemoFile } from "../app/wiring/demo/demo-file";
import { dataDir, getEnv } from "../app/env.server";

export function demoFilePath(): string {
  return path.join(dataDir(), "demo.json");
}

function readExistingDemoFile(): DemoFile | null {
  const file = demoFilePath();
  if (!existsSync(file)) return null;
  const parsed = DemoFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data : null;
}

const demoBridgeScopes = apiTokenScopes.filter((scope) => scope.startsWith("gate:"));

/**
 * `cohort`: how many synthetic participants the demo cohort has (seed-demo-cohort; made once, in a database whose
 * ledger is empty, before the named demo participants). Default none: the tests seed the demo without it.
 */
export async function seed(options: { appUrl: string; bridgeUrl: string; cohort?: number }): Promise<DemoFile> {
  const existing = readExistingDemoFile();
  const accounts = await seedDemoAccounts(existing?.accounts ?? []);
  const { cohort } = await seedDemoCohort({ size: options.cohort ?? 0, known: existing?.cohort ?? null });
  const participants = await seedDemoParticipants(existing?.participants ?? [], accounts);
  const fhir = await ensureApiToken({ existingToken: existing?.fhirToken, name: "Demo FHIR client", scopes: ["fhir:read"] });
  // The demo pipeline client may ask about every action, follow the event stream and set embargo clocks.
  const bridge = await ensureApiToken({ existingToken: existing?.bridgeToken, name: "Demo pipeline client", scopes: demoBridgeScopes });
  // The demo analysis team's lab: it submits the demo findings below, and README's curl submits more with it.
  const findings = await ensureApiToken({ existingToken: existing?.findingsToken, name: "Demo analysis lab", scopes: ["findings:submit"] });
  await seedDemoFindings(participants, findings.token);
  // The demo analysis centre's report system: it sends the demo reports below (issue 57; ADR 137).
  const reports = await ensureApiToken({ existingToken: existing?.reportsToken, name: "Demo analysis centre", scopes: ["reports:submit"] });
  await seedDemoResults(participants, accounts, reports.token);
  await seedDemoQuestions(participants);
  await seedDemoEnquiries(accounts);
  await seedDemoRecontactCampaign(accounts);
  await seedDemoUpdates(accounts);
  await seedDemoConsultations(accounts);
  await seedDemoPanelMeetings(accounts);
  await seedDemoBriefings(accounts);
  await seedDemoSurveys();
  await seedDemoPanelCalls(accounts);
  const follows = await seedDemoFamily(participants, accounts);
  // The data-access committee, its applications in every state and the active approval (issue 15 item 7).
  const dataAccess = await seedDemoDataAccess(existing, accounts);
  await seedDemoPanelClaims(accounts);
  const demo: DemoFile = DemoFileSchema.parse({
    version: 1,
    appUrl: options.appUrl,
    bridgeUrl: options.bridgeUrl,
    accounts: [...accounts, ...dataAccess.accounts],
    facilities: demoFacilities,
    participants,
    follows,
    fhirToken: fhir.token,
    bridgeToken: bridge.token,
    reportsToken: reports.token,
    findingsToken: findings.token,
    dataAccess: dataAccess.dataAccess,
    ...(cohort ? { cohort } : {}),
  });
  writeDemoFile(demo);
  return demo;
}

/** Writes demo.json (mode 0600); `npm start` writes it again once the demo release is made. */
export function writeDemoFile(demo: DemoFile): void {
  mkdirSync(dataDir(), { recursive: true });
  writeFileSync(demoFilePath(), `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { ensurePostgres } = await import("./lib/postgres");
  const env = getEnv();
  const postgres = await ensurePostgres();
  process.env.DATABASE_URL = postgres.url;
  const demo = await seed({ appUrl: env.APP_URL, bridgeUrl: `http://localhost:${env.BRIDGE_PORT}`, cohort: DEMO_COHORT_SIZE });
  console.log(`Seeded ${demo.accounts.length} demo accounts and ${demo.participants.length} demo participants; wrote ${demoFilePath()}`);
  const { disconnectDatabase } = await import("../app/db.server");
  await disconnectDatabase();
  await postgres.stop();
}
