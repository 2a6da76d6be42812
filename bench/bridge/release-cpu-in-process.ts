/**
 * The bridge's own CPU in a release of N samples, in process and by phase (issue 30 item 6): the body's text, its
 * JSON parse and duplicate-member scan, the request schema, the filter over a SubjectStore of N subjects, and the
 * manifest's JSON and bytes. No socket, no database, no signature (those are measured over HTTP by
 * compare-releases.ts). `npx tsx bench/bridge/release-cpu-in-process.ts [--samples N] [--rounds N]`
 */
import { findDuplicateKey } from "@tsunagi/service-kit/json-duplicate-keys";
import { SubjectStore } from "../../services/pipeline-bridge/src/projection/subject-store";
import { filterRelease } from "../../services/pipeline-bridge/src/releases/filter-release";
import * as releaseSchemas from "../../services/pipeline-bridge/src/releases/release-schemas";
import { consentVariants, sampleCode, subjectRecord } from "./synthetic-projection";

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const samples = Number(argument("--samples") ?? 1_000_000);
const rounds = Number(argument("--rounds") ?? 5);

const store = new SubjectStore();
const variants = consentVariants();
for (let index = 0; index < samples; index++) store.apply(subjectRecord(index, variants));
const body = Buffer.from(
  JSON.stringify({ dataset: "bench-cohort", samples: Array.from({ length: samples }, (_, index) => sampleCode(index)), recipient: "industry", purpose: "DUO:0000006", approval: "00000000-0000-4000-8000-000000000001" }),
);
// A checkout before parseReleaseRequest (for a side-by-side run from a copy) checks with the schema itself.
const schemas = releaseSchemas as unknown as { parseReleaseRequest?: (value: unknown) => ReturnType<typeof releaseSchemas.ReleaseRequestSchema.safeParse> };
const parseRequest = schemas.parseReleaseRequest ?? ((value: unknown) => releaseSchemas.ReleaseRequestSchema.safeParse(value));
// A checkout with release-body.ts (ADR 088) parses the body as its route does: the samples' list sliced from the text.
const fastParse = await import("../../services/pipeline-bridge/src/releases/release-body").then(
  (module: { parseReleaseBodyText?: (text: string) => { value: unknown; memberText: string } | undefined }) => module.parseReleaseBodyText,
  () => undefined,
);
const health = { ready: true } as const;
const scopes = new Set(["gate:release"]);
const embargo = { blocked: false, publicationNotBefore: null } as never;

const phases = new Map<string, number[]>();
const time = <T>(name: string, run: () => T): T => {
  const started = performance.now();
  const value = run();
  const list = phases.get(name) ?? [];
  list.push(performance.now() - started);
  phases.set(name, list);
  return value;
};
for (let round = 0; round <= rounds; round++) {
  const total = performance.now();
  const text = time("text", () => body.toString("utf8"));
  const fast = fastParse && time("JSON.parse", () => fastParse(text));
  const value = fast ? fast.value : time("JSON.parse", () => JSON.parse(text) as unknown);
  time("findDuplicateKey", () => findDuplicateKey(fast ? fast.memberText : text));
  const parsed = time("schema", () => parseRequest(value));
  if (!parsed.success) throw new Error("schema refused");
  const result = time("filter", () => filterRelease(parsed.data.samples, { recipient: "industry", purpose: "DUO:0000006", embargo }, store, health, scopes, "", { listExcluded: false }));
  const json = time("manifest JSON", () => JSON.stringify({ releaseId: "x", requestedCount: samples, includedCount: result.included.length, included: result.included, excludedCounts: result.excludedCounts }));
  time("bytes", () => Buffer.from(json, "utf8"));
  const list = phases.get("total") ?? [];
  list.push(performance.now() - total);
  phases.set("total", list);
  if (round === 0) for (const list of phases.values()) list.length = 0;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const [name, values] of phases) console.log(`${name.padEnd(20)} median ${median(values).toFixed(0).padStart(6)} ms   (${values.map((v) => v.toFixed(0)).join(" / ")})`);
