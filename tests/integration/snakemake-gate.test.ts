// The Snakemake example (services/pipeline-bridge/examples/snakemake) run by Debian's snakemake against a real bridge fed by
// the real outbox relay: a participant who withdrew through the app gets no outputs; the others get all of theirs.
import { execFile } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, expect, it } from "vitest";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { findDebianCommand } from "../support/debian-command";
import { useTestDatabase } from "../support/database";
import { gateBinDir, useRelayedBridge } from "../support/gate-cli";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant, type ConsentedParticipant } from "./dashboard-fixtures";

const database = useTestDatabase();
useTempDataDir();
const bridge = useRelayedBridge(database, "snakemake");

const example = path.resolve(import.meta.dirname, "../../services/pipeline-bridge/examples/snakemake");

let snakemake: string;
let participants: ConsentedParticipant[];

beforeAll(async () => {
  snakemake = findDebianCommand("snakemake", "snakemake", "the workflow test");
  participants = [await consentedParticipant({ language: "en" }), await consentedParticipant({ language: "en" }), await consentedParticipant({ language: "en" })];
}, 600_000);

it("snakemake --keep-going produces every output for consenting samples and none for the sample withdrawn in the app", { timeout: 180_000 }, async () => {
  const [first, withdrawn, third] = participants as [ConsentedParticipant, ConsentedParticipant, ConsentedParticipant];
  await withdrawOnline(withdrawn);
  const client = await issueApiToken({ name: "Snakemake cluster", scopes: ["gate:sequence", "gate:analyze"], createdById: null });
  const samples = [first.sampleCodes[0]!, withdrawn.sampleCodes[0]!, third.sampleCodes[0]!];
  // The workflow starts once the relay has told the bridge about the withdrawal, as it would in production a
  // heartbeat later; what is tested is what the pipeline does with the bridge's answer.
  const probe = await issueApiToken({ name: "test probe", scopes: ["gate:sequence"], createdById: null });
  await bridge.untilReason(probe.token, { subject: samples[1]!, action: "sequence", purpose: "DUO:0000006" }, "withdrawn_no_further_use");

  const run = path.join(bridge.workDir, "run");
  cpSync(example, run, { recursive: true });
  const config = readFileSync(path.join(run, "config.yaml"), "utf8").replace(/samples:\n(?:\s+- .*\n)+/, `samples:\n${samples.map((sample) => `  - ${sample}\n`).join("")}`);
  writeFileSync(path.join(run, "config.yaml"), config);

  // Only what a cluster job would have: tsunagi-gate on PATH, and where and as whom to ask.
  const jobEnv: Record<string, string> = {
    PATH: `${gateBinDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: bridge.workDir,
    TSUNAGI_GATE_URL: bridge.url,
    TSUNAGI_GATE_TOKEN: client.token,
  };
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(
      snakemake,
      ["--cores", "1", "--keep-going", "--nocolor"],
      {
        cwd: run,
        timeout: 150_000,
        maxBuffer: 16 * 1024 * 1024,
        env: jobEnv as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, output: `${stdout}${stderr}` }),
    );
  });

  const outputsOf = (sample: string) => [`reads/${sample}.fastq`, `aligned/${sample}.bam`, `calls/${sample}.vcf`].map((file) => path.join(run, file));
  for (const sample of [samples[0]!, samples[2]!]) {
    for (const file of outputsOf(sample)) expect(existsSync(file), `${file}\n${result.output}`).toBe(true);
    expect(readFileSync(path.join(run, `calls/${sample}.vcf`), "utf8")).toContain(`\tFORMAT\t${sample}\n`);
  }
  for (const file of outputsOf(samples[1]!)) expect(existsSync(file), `${file} must not exist\n${result.output}`).toBe(false);
  // The run is reported as incomplete, with the reason the bridge gave.
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain(`tsunagi-gate: deny sequence ${samples[1]} — withdrawn_no_further_use`);
  expect(result.output).toMatch(/Error in rule sequence:[\s\S]*wildcards: sample=S-/);

  // The bridge logged every question the workflow asked: three steps per consenting sample, one denied step for the withdrawn one.
  type Logged = { subject: string; action: string; allowed: boolean; reason: string };
  const byQuestion = (rows: Logged[]) => rows.map((row) => `${row.subject} ${row.action} ${row.allowed ? "allow" : "deny"} ${row.reason}`).sort();
  const audit = new pg.Client({ connectionString: database.url });
  await audit.connect();
  try {
    const logged = async () =>
      byQuestion((await audit.query<Logged>("SELECT subject, action, allowed, reason FROM bridge.decision_log WHERE client_id = $1 AND subject = ANY($2)", [client.id, samples])).rows);
    const expected = byQuestion([
      ...[samples[0]!, samples[2]!].flatMap((subject) => [
        { subject, action: "sequence", allowed: true, reason: "consented" },
        { subject, action: "analyze", allowed: true, reason: "consented" },
        { subject, action: "analyze", allowed: true, reason: "consented" },
      ]),
      { subject: samples[1]!, action: "sequence", allowed: false, reason: "withdrawn_no_further_use" },
    ]);
    await expect.poll(logged, { timeout: 5_000 }).toEqual(expected);
  } finally {
    await audit.end();
  }
});
